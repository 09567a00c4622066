import { describe, expect, it } from 'vitest';
import type { OrgRole } from '@kring/access';
import { mainPlaces, spaceTabs, workPlace, type SpaceSummary } from './places.ts';

const TEAM_AND_NEWS: Pick<SpaceSummary, 'kind'>[] = [{ kind: 'team' }, { kind: 'news' }];
const ALL = ['feed', 'wiki', 'boards', 'chat', 'polls', 'activities'] as const;
const ids = (role: OrgRole, spaces = TEAM_AND_NEWS) => mainPlaces(role, spaces).map((place) => place.id);

describe('main places', () => {
  it('gives every role its own places, and clients none of the staff-only ones', () => {
    expect(ids('employee')).toEqual(['spaces', 'chat', 'people', 'tasks', 'desk', 'submit-news']);
    expect(ids('editor')).toEqual(['spaces', 'chat', 'people', 'tasks', 'desk', 'editorial']);
    expect(ids('admin')).toEqual(['spaces', 'chat', 'people', 'tasks', 'desk', 'editorial', 'admin']);
    expect(ids('privacy')).toEqual(['spaces', 'chat', 'people', 'tasks', 'desk', 'submit-news', 'privacy']);
    expect(ids('client', [{ kind: 'client' }, { kind: 'news' }])).toEqual(['spaces', 'chat', 'people', 'desk', 'submit-news']);
    expect(ids('guest')).toEqual(['spaces', 'chat', 'people', 'tasks', 'desk']);
  });

  it('offers sending in news only to someone who reads a news space', () => {
    expect(ids('employee', [{ kind: 'team' }])).toEqual(['spaces', 'chat', 'people', 'tasks', 'desk']);
    expect(ids('client', [{ kind: 'client' }])).toEqual(['spaces', 'chat', 'people', 'desk']);
  });

  it('never shows a client tasks, the editorial office, the administration or the privacy screen', () => {
    const paths = mainPlaces('client', TEAM_AND_NEWS).map((place) => place.path);
    for (const staffOnly of ['/tasks', '/rooms', '/admin', '/privacy']) expect(paths).not.toContain(staffOnly);
    expect(ids('client')).not.toContain('editorial');
  });
});

describe('space tabs', () => {
  it('shows staff every part the space has switched on', () => {
    expect(spaceTabs('employee', { kind: 'client', features: [...ALL] }, false)).toEqual(['home', 'chat', 'pages', 'boards', 'activities']);
    expect(spaceTabs('employee', { kind: 'team', features: [...ALL] }, true)).toEqual(['home', 'chat', 'pages', 'boards', 'features']);
  });

  it('shows clients no protocols or task boards, but the articles of the news', () => {
    expect(spaceTabs('client', { kind: 'client', features: [...ALL] }, false)).toEqual(['home', 'chat', 'activities']);
    expect(spaceTabs('client', { kind: 'news', features: [...ALL] }, false)).toEqual(['home', 'pages']);
    expect(spaceTabs('client', { kind: 'organisation', features: [...ALL] }, false)).toEqual(['home', 'chat']);
  });

  it('hides the tab of a feature the space switched off', () => {
    expect(spaceTabs('employee', { kind: 'client', features: ['feed', 'activities'] }, false)).toEqual(['home', 'activities']);
    expect(spaceTabs('employee', { kind: 'team', features: ['feed', 'boards'] }, false)).toEqual(['home', 'boards']);
  });
});

describe('where work only on this device lives', () => {
  const spaces = [{ id: 'noord', name: 'Buurtteam Noord' }];

  it('links each kind of document to the screen that shows it', () => {
    expect(workPlace('noord/page/valpreventie', spaces)).toEqual({
      docName: 'noord/page/valpreventie',
      kind: 'page',
      spaceName: 'Buurtteam Noord',
      spaceId: 'noord',
      docId: 'valpreventie',
      path: '/spaces/noord/pages/valpreventie',
    });
    expect(workPlace('noord/board/teamplanning', spaces).path).toBe('/spaces/noord/boards/teamplanning');
    expect(workPlace('noord/feed/2026-12', spaces)).toMatchObject({ kind: 'feed', path: '/spaces/noord' });
    expect(workPlace('noord/index/index', spaces)).toMatchObject({ kind: 'other', path: '/spaces/noord' });
    expect(workPlace('noord/chat/2026-12', spaces)).toMatchObject({ kind: 'chat', path: '/spaces/noord/chat' });
    expect(workPlace('conv_abc/chat/2026-12', spaces)).toMatchObject({ kind: 'chat', path: '/chat/conv_abc' });
    expect(workPlace('nieuws/submission/u1-abc', spaces)).toMatchObject({ kind: 'submission', spaceName: null, path: '/editorial/nieuws/u1-abc' });
  });

  it('gives no link for a space the person no longer has, or a name that is not a document', () => {
    expect(workPlace('zuid/page/x', spaces)).toMatchObject({ kind: 'page', spaceName: null, path: null });
    expect(workPlace('not a name', spaces)).toEqual({ docName: 'not a name', kind: 'other', spaceName: null, spaceId: null, docId: null, path: null });
  });
});
