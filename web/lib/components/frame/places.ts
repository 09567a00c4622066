/**
 * Where a person can go: the app's main places (one tap away in the frame's navigation), the parts of a space
 * they get as tabs, and where a document with work only on this device lives. Pure, so the rules of who sees
 * what are tested without a browser; the frame turns the ids into words.
 */
import type { OrgRole, SpaceFeature, SpaceKind } from '@kring/access';
import { parseDocName } from '@kring/shapes/names';
import type { Pathname } from '$app/types';

/** What the frame knows of a space (absent features: all on, as for a new space). */
export interface SpaceSummary {
  id: string;
  name: string;
  kind: SpaceKind;
  features?: readonly SpaceFeature[];
}

/**
 * A main place. `spaces` is home ("Mijn ruimtes"), `people` the smoelenboek. Chat, search and the inbox join this list when they
 * exist: until then nothing points at them (no dead controls).
 */
export type PlaceId = 'spaces' | 'chat' | 'people' | 'tasks' | 'rooms' | 'editorial' | 'submit-news' | 'admin' | 'privacy';

export interface Place {
  id: PlaceId;
  /** The route, unresolved (the component resolves it against the app's base path). */
  path: '/' | '/chat' | '/people' | '/tasks' | '/rooms' | '/editorial' | '/admin' | '/privacy';
}

/** The main places of a person with this role and these spaces, in the order the navigation shows them. */
export function mainPlaces(role: OrgRole, spaces: readonly Pick<SpaceSummary, 'kind'>[]): Place[] {
  // The smoelenboek is for everyone: the server decides whom each person finds in it.
  const places: Place[] = [
    { id: 'spaces', path: '/' },
    // Conversations: everyone chats, with whom the server decides (a client only within her client spaces).
    { id: 'chat', path: '/chat' },
    { id: 'people', path: '/people' },
  ];
  // Clients have no task boards; their space is for talking, reading and activities.
  if (role !== 'client') places.push({ id: 'tasks', path: '/tasks' });
  // Meeting rooms are for staff, as the server's rule (mayUseRooms) says.
  if (role !== 'client' && role !== 'guest') places.push({ id: 'rooms', path: '/rooms' });
  if (role === 'editor' || role === 'admin') places.push({ id: 'editorial', path: '/editorial' });
  else if (role !== 'guest' && spaces.some((space) => space.kind === 'news')) places.push({ id: 'submit-news', path: '/editorial' });
  if (role === 'admin') places.push({ id: 'admin', path: '/admin' });
  if (role === 'privacy') places.push({ id: 'privacy', path: '/privacy' });
  return places;
}

/** A part of a space, shown as a tab. */
export type SpaceTab = 'home' | 'chat' | 'pages' | 'boards' | 'activities' | 'features';

/**
 * Whether a person's role uses a part of a space. Clients read news articles (the pages of a news space), but
 * protocols and task boards elsewhere are staff's work: for a client those tabs led to empty pages.
 */
export function roleUses(role: OrgRole, spaceKind: SpaceKind, part: 'pages' | 'boards'): boolean {
  if (role !== 'client') return true;
  return part === 'pages' && spaceKind === 'news';
}

/** The tabs a person gets in a space: none for a feature the space switched off, and none the person's role never uses. */
export function spaceTabs(role: OrgRole, space: Pick<SpaceSummary, 'kind' | 'features'>, managesFeatures: boolean): SpaceTab[] {
  const has = (feature: SpaceFeature) => !space.features || space.features.includes(feature);
  const tabs: SpaceTab[] = ['home'];
  // A news space's chat would be the editors' only: news is read, not talked in.
  if (space.kind !== 'news' && has('chat')) tabs.push('chat');
  if (roleUses(role, space.kind, 'pages') && has('wiki')) tabs.push('pages');
  if (roleUses(role, space.kind, 'boards') && has('boards')) tabs.push('boards');
  if (space.kind === 'client' && has('activities')) tabs.push('activities');
  if (managesFeatures) tabs.push('features');
  return tabs;
}
/** What kind of thing a document is, in the person's words. */
export type WorkKind = 'page' | 'board' | 'feed' | 'chat' | 'submission' | 'other';

/** Where work that is only on this device lives: a route to open it, the space's name and what it is. */
export interface WorkPlace {
  docName: string;
  kind: WorkKind;
  spaceName: string | null;
  spaceId: string | null;
  docId: string | null;
  /** The route to open it, unresolved; null when there is no screen for it (the person lost the space). */
  path: Pathname | null;
}

/** Where the document `docName` is shown in the app, for the list of work only on this device. */
export function workPlace(docName: string, spaces: readonly Pick<SpaceSummary, 'id' | 'name'>[]): WorkPlace {
  const name = parseDocName(docName);
  if (!name) return { docName, kind: 'other', spaceName: null, spaceId: null, docId: null, path: null };
  const { spaceId, docId } = name;
  const space = spaces.find((candidate) => candidate.id === spaceId);
  const found = { docName, spaceName: space?.name ?? null, spaceId, docId };
  if (name.kind === 'submission') return { ...found, kind: 'submission', path: `/editorial/${spaceId}/${docId}` };
  // A conversation is no space of the list: its screen is found by its id.
  if (name.kind === 'chat' && spaceId.startsWith('conv_')) return { ...found, kind: 'chat', path: `/chat/${spaceId}` };
  const kind = name.kind === 'page' || name.kind === 'board' || name.kind === 'feed' || name.kind === 'chat' ? name.kind : 'other';
  if (!space) return { ...found, kind, path: null };
  if (kind === 'page') return { ...found, kind, path: `/spaces/${spaceId}/pages/${docId}` };
  if (kind === 'board') return { ...found, kind, path: `/spaces/${spaceId}/boards/${docId}` };
  if (kind === 'chat') return { ...found, kind, path: `/spaces/${spaceId}/chat` };
  return { ...found, kind, path: `/spaces/${spaceId}` };
}
