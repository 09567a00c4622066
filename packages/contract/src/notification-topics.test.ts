/**
 * Which topics of notifications can reach whom (`topicsFor`), held to the access policy: for every role, a topic
 * is offered exactly when some space, of any kind and with any membership, lets a notification of it reach a
 * person of that role. A change of the policy that takes a topic away from a role (or gives one) fails here until
 * the rule says so too.
 */
import { describe, expect, it } from 'vitest';
import { activityRights, canSubmitTo, MEMBERSHIP_ROLES, mayChat, ORG_ROLES, SPACE_KINDS, spaceAccess, type OrgRole, type SpaceGrant } from '@kring/access';
import { NOTIFICATION_TOPICS, topicsFor, type NotificationTopic } from './notifications.ts';

/** Every grant a person can hold: each kind of space, with each membership or none. */
const GRANTS: SpaceGrant[] = [...SPACE_KINDS, 'conversation' as const].flatMap((kind) => [...MEMBERSHIP_ROLES, null].map((role) => ({ kind, role })));
const someGrant = (test: (grant: SpaceGrant) => boolean) => GRANTS.some(test);

/** When, by the policy, a notification of each topic can reach a person of `role`. */
const REACHES: Record<NotificationTopic, (role: OrgRole) => boolean> = {
  // Named (@) in a feed or chat they read.
  mentions: (role) => someGrant((grant) => spaceAccess(role, grant, 'feed') !== 'none' || spaceAccess(role, grant, 'chat') !== 'none'),
  // A reply to a post of theirs: they must be able to write a feed.
  replies: (role) => someGrant((grant) => spaceAccess(role, grant, 'feed') === 'write'),
  // Put on a card, or handed one: the card is on a board they read.
  cards: (role) => someGrant((grant) => spaceAccess(role, grant, 'board') !== 'none'),
  // A protocol they must read: the rule names people who read a page of the space.
  protocols: (role) => someGrant((grant) => spaceAccess(role, grant, 'page') !== 'none'),
  // An activity they signed up for: they may sign up in some space.
  activities: (role) => someGrant((grant) => activityRights({ id: 'p', role, active: true, spaces: { s: grant } }, 's').signUp),
  // Their own news submission: they may submit to a news space.
  'my-news': (role) => someGrant((grant) => canSubmitTo({ id: 'p', role, active: true, spaces: { nieuws: grant } }, 'nieuws')),
  // A published article in a news space they read.
  news: (role) => someGrant((grant) => grant.kind === 'news' && spaceAccess(role, grant, 'page') !== 'none'),
  // A message in a conversation: they may chat with someone (a colleague of a space they share) and write there.
  chat: (role) =>
    SPACE_KINDS.some((kind) => mayChat({ id: 'p', role, active: true, memberOf: new Map([['s', kind]]) }, { id: 'q', role: 'employee', active: true, memberOf: new Map([['s', kind]]) })) &&
    spaceAccess(role, { kind: 'conversation', role: 'member' }, 'chat') === 'write',
  // The desk answers anyone of the organisation who asked (the server's Desks.ask asks no role).
  desk: () => true,
};

describe('the topics that can reach a person', () => {
  it.each(ORG_ROLES)('for %s: exactly those the access policy lets reach them', (role) => {
    expect(topicsFor(role)).toEqual(NOTIFICATION_TOPICS.filter((topic) => REACHES[topic](role)));
  });

  it('a client: every topic (they are named, replied to, put on cards of their client space, submit news, chat, ask the desk)', () => {
    expect(topicsFor('client')).toEqual([...NOTIFICATION_TOPICS]);
  });

  it('a guest: no news submissions of their own, since guests do not submit', () => {
    expect(topicsFor('guest')).toEqual(NOTIFICATION_TOPICS.filter((topic) => topic !== 'my-news'));
    for (const role of ORG_ROLES.filter((r) => r !== 'guest')) expect(topicsFor(role)).toContain('my-news');
  });
});
