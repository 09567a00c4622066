/**
 * Where a person can go: the app's main places (one tap away in the frame's navigation), the parts of a space
 * they get as tabs, and where a document with work only on this device lives. Pure, so the rules of who sees
 * what are tested without a browser; the frame turns the ids into words.
 */
import type { MySpace } from '@kring/contract';
import type { OrgRole, SpaceFeature } from '@kring/access';
import { parseDocName } from '@kring/shapes/names';

/**
 * A main place. `spaces` is home ("Mijn ruimtes"). Chat, people, search and the inbox join this list when they
 * exist: until then nothing points at them (no dead controls).
 */
export type PlaceId = 'spaces' | 'tasks' | 'editorial' | 'submit-news' | 'admin' | 'privacy';

export interface Place {
  id: PlaceId;
  /** The route, unresolved (the component resolves it against the app's base path). */
  path: '/' | '/tasks' | '/editorial' | '/admin' | '/privacy';
}

/** The main places of a person with this role and these spaces, in the order the navigation shows them. */
export function mainPlaces(role: OrgRole, spaces: readonly Pick<MySpace, 'kind'>[]): Place[] {
  const places: Place[] = [{ id: 'spaces', path: '/' }];
  // Clients have no task boards; their space is for talking, reading and activities.
  if (role !== 'client') places.push({ id: 'tasks', path: '/tasks' });
  if (role === 'editor' || role === 'admin') places.push({ id: 'editorial', path: '/editorial' });
  else if (role !== 'guest' && spaces.some((space) => space.kind === 'news')) places.push({ id: 'submit-news', path: '/editorial' });
  if (role === 'admin') places.push({ id: 'admin', path: '/admin' });
  if (role === 'privacy') places.push({ id: 'privacy', path: '/privacy' });
  return places;
}

/** A part of a space, shown as a tab. */
export type SpaceTab = 'home' | 'pages' | 'boards' | 'activities' | 'features';

/**
 * The tabs a person gets in a space: none for a feature the space switched off, and none the person's role never
 * uses (clients keep no protocols or task boards, so those tabs would lead them to empty pages).
 */
export function spaceTabs(role: OrgRole, space: Pick<MySpace, 'kind' | 'features'>, managesFeatures: boolean): SpaceTab[] {
  // Absent features: all on, as for a new space.
  const has = (feature: SpaceFeature) => !space.features || space.features.includes(feature);
  const tabs: SpaceTab[] = ['home'];
  if (role !== 'client' && has('wiki')) tabs.push('pages');
  if (role !== 'client' && has('boards')) tabs.push('boards');
  if (space.kind === 'client' && has('activities')) tabs.push('activities');
  if (managesFeatures) tabs.push('features');
  return tabs;
}

/** What kind of thing a document is, in the person's words. */
export type WorkKind = 'page' | 'board' | 'feed' | 'submission' | 'other';

/** Where work that is only on this device lives: a route to open it, the space's name and what it is. */
export interface WorkPlace {
  docName: string;
  kind: WorkKind;
  spaceName: string | null;
  /** The route to open it, unresolved; null when there is no screen for it (the person lost the space). */
  path: string | null;
}

/** Where the document `docName` is shown in the app, for the list of work only on this device. */
export function workPlace(docName: string, spaces: readonly Pick<MySpace, 'id' | 'name'>[]): WorkPlace {
  const name = parseDocName(docName);
  if (!name) return { docName, kind: 'other', spaceName: null, path: null };
  const space = spaces.find((candidate) => candidate.id === name.spaceId);
  const spaceName = space?.name ?? null;
  if (name.kind === 'submission') return { docName, kind: 'submission', spaceName, path: `/editorial/${name.spaceId}/${name.docId}` };
  if (!space) return { docName, kind: name.kind === 'page' || name.kind === 'board' || name.kind === 'feed' ? name.kind : 'other', spaceName, path: null };
  switch (name.kind) {
    case 'page':
      return { docName, kind: 'page', spaceName, path: `/spaces/${name.spaceId}/pages/${name.docId}` };
    case 'board':
      return { docName, kind: 'board', spaceName, path: `/spaces/${name.spaceId}/boards/${name.docId}` };
    case 'feed':
      return { docName, kind: 'feed', spaceName, path: `/spaces/${name.spaceId}` };
    default:
      return { docName, kind: 'other', spaceName, path: `/spaces/${name.spaceId}` };
  }
}
