/** Notifications (docs/api.md, "Notifications"): the registry of kinds, the inbox's answers and its requests. */
import * as v from 'valibot';
import type { OrgRole } from '@kring/access';
import type { IsoTime } from './http.ts';

/** Where a notification points: what the server stored with it. */
export interface NotificationPlace {
  spaceId: string | null;
  /** The document, e.g. `noord/board/planning`. */
  document: string | null;
  /** The item inside it: a post id, `postId/commentId`, a card id. */
  subject: string | null;
}

/**
 * What a person chooses to hear about (GET/PUT /api/notifications/settings): the kinds grouped as a person thinks
 * of them. Kinds and topics are the server's; each kind names its topic in the registry below.
 */
export const NOTIFICATION_TOPICS = ['mentions', 'replies', 'cards', 'protocols', 'activities', 'my-news', 'news', 'chat', 'desk'] as const;
export type NotificationTopic = (typeof NOTIFICATION_TOPICS)[number];

/**
 * Whom each topic can ever reach, by organisation role, read from the access policy (@kring/access; its unit test
 * holds this to it). A record over every topic: a new topic does not type-check until someone decides here whom
 * it can reach. A person is offered (GET /api/notifications/settings, Mijn account) only the topics that can
 * reach them.
 */
const TOPIC_REACHES: Record<NotificationTopic, (role: OrgRole) => boolean> = {
  // Anyone can be named where they read (a client in their client space, a guest in a space they are in).
  mentions: () => true,
  // Anyone who may write a feed somewhere writes posts others reply to: clients in their client space, guests as members.
  replies: () => true,
  // Staff may put anyone who reads the board on a card, and clients read the boards of their client space.
  cards: () => true,
  // A protocol's must-read rule names everyone who reads its space or organisation roles, any role among them.
  protocols: () => true,
  // Whoever sees a space with activities signs up for them (`activityRights`), guests who are members too.
  activities: () => true,
  // `canSubmitTo`: everyone who sees a news space may submit, except guests.
  'my-news': (role) => role !== 'guest',
  // News spaces are read by everyone but guests, and by guests who are members.
  news: () => true,
  // `mayChat`: clients with the people of their client space, guests with those of a space they share.
  chat: () => true,
  // Every person of the organisation may ask a desk a question (the server asks no role).
  desk: () => true,
};

/** The topics that can reach a person of `role`, in the order of NOTIFICATION_TOPICS. */
export function topicsFor(role: OrgRole): NotificationTopic[] {
  return NOTIFICATION_TOPICS.filter((topic) => TOPIC_REACHES[topic](role));
}

/** Where a notification reaches a person: the inbox in the app, a push on the device, the e-mail digest. */
export const NOTIFICATION_CHANNELS = ['inbox', 'push', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/**
 * The topics a muted space still tells: what someone addressed to the person by name (an @, a card put on them or
 * handed over to them, a task of theirs due, a protocol they must read, an activity they signed up for). Everything
 * else from a muted space stays away, on every channel.
 */
export const THROUGH_A_MUTE: ReadonlySet<NotificationTopic> = new Set(['mentions', 'cards', 'protocols', 'activities']);

interface KindSpec {
  /** The route of the exact place (the post or comment anchor, the card), or null when it has none. */
  link(place: NotificationPlace): string | null;
  topic: NotificationTopic;
}

const enc = encodeURIComponent;
/** The post or comment in its space's feed: the feed shows `post-<id>` and `comment-<id>` anchors. */
function feedItem({ spaceId, subject }: NotificationPlace): string | null {
  if (!spaceId || !subject) return null;
  const [postId, commentId] = subject.split('/');
  return `/spaces/${enc(spaceId)}#${commentId ? `comment-${commentId}` : `post-${postId}`}`;
}
/** The card opened on its board. */
function card({ spaceId, document, subject }: NotificationPlace): string | null {
  const boardId = document?.split('/')[2];
  if (!spaceId || !boardId || !subject) return null;
  return `/spaces/${enc(spaceId)}/boards/${enc(boardId)}/${enc(subject)}`;
}

/** The message in its conversation (`conv_…`) or its space's chat: the chat shows `message-<id>` anchors. */
function chatMessage({ spaceId, subject }: NotificationPlace): string | null {
  if (!spaceId || !subject) return null;
  const chat = spaceId.startsWith('conv_') ? `/chat/${enc(spaceId)}` : `/spaces/${enc(spaceId)}/chat`;
  return `${chat}#message-${subject}`;
}

/** The author's submission in the editorial workflow. */
function submission({ spaceId, document }: NotificationPlace): string | null {
  const docId = document?.split('/')[2];
  return spaceId && docId ? `/editorial/${enc(spaceId)}/${enc(docId)}` : null;
}

/** A page of a space (a published news article). */
function page({ spaceId, document }: NotificationPlace): string | null {
  const pageId = document?.split('/')[2];
  return spaceId && pageId ? `/spaces/${enc(spaceId)}/pages/${enc(pageId)}` : null;
}

/** An activity in its space. */
function activity({ spaceId, subject }: NotificationPlace): string | null {
  return spaceId && subject ? `/spaces/${enc(spaceId)}/activities/${enc(subject)}` : null;
}

/** A question to a desk, with its thread. */
function deskQuestion({ subject }: NotificationPlace): string | null {
  return subject ? `/desk/questions/${enc(subject)}` : null;
}

/**
 * The registry of notification kinds: one entry per kind, its key and its link. A new kind (chat, the desk,
 * protocols) is added here and in the device's texts (web/lib/notifications/kinds.ts, which must name every kind
 * here or the check fails); the server's derivation (packages/server/src/notifications) then creates it.
 */
export const NOTIFICATION_KINDS = {
  /** Someone named me with @ in a post or comment. */
  mention: { link: feedItem, topic: 'mentions' },
  /** Someone commented on my post. */
  reply: { link: feedItem, topic: 'replies' },
  /** Someone put me on a card. */
  'card-assigned': { link: card, topic: 'cards' },
  /** Someone handed a card over to me, with a note (the excerpt). */
  'card-handed-over': { link: card, topic: 'cards' },
  /** A card I am on is due today (the morning round; the card's title is the excerpt; nobody is the actor). */
  'task-due': { link: card, topic: 'cards' },
  /** An activity I signed up for starts within a day (the activity's title is the excerpt). */
  'activity-reminder': { link: activity, topic: 'activities' },
  /** An editor asked for changes to my news submission (the title is the excerpt). */
  'submission-changes-requested': { link: submission, topic: 'my-news' },
  /** An editor published (or scheduled) my news submission. */
  'submission-published': { link: submission, topic: 'my-news' },
  /** An editor rejected my news submission. */
  'submission-rejected': { link: submission, topic: 'my-news' },
  /** A news article was published where I can read it (the title is the excerpt). */
  news: { link: page, topic: 'news' },
  /** Someone named me with @ in a chat message (a conversation, or a space's chat). */
  'chat-mention': { link: chatMessage, topic: 'mentions' },
  /**
   * New messages in a conversation I did not have open: one unread notification per conversation, `count` the
   * messages since, the newest quoted and linked, its sender the actor. Read with the conversation.
   */
  'chat-message': { link: chatMessage, topic: 'chat' },
  /**
   * A protocol I must read has a new approved version, or its owner reminds me to confirm it (the title is the
   * excerpt; the actor approved or reminded).
   */
  'protocol-to-read': { link: page, topic: 'protocols' },
  /** A protocol I own or approve has come to its review date (the morning round; the page's title is the excerpt). */
  'protocol-review-due': { link: page, topic: 'protocols' },
  /** The desk replied to my question (the question's subject is the excerpt). */
  'desk-reply': { link: deskQuestion, topic: 'desk' },
} as const satisfies Record<string, KindSpec>;

export type NotificationKind = keyof typeof NOTIFICATION_KINDS;

export function isNotificationKind(kind: unknown): kind is NotificationKind {
  return typeof kind === 'string' && Object.hasOwn(NOTIFICATION_KINDS, kind);
}

/** The topic a kind belongs to, for the person's choices. */
export function topicOf(kind: NotificationKind): NotificationTopic {
  return NOTIFICATION_KINDS[kind].topic;
}

/** The link of a notification, by its kind's entry in the registry. */
export function notificationLink(kind: NotificationKind, place: NotificationPlace): string | null {
  return NOTIFICATION_KINDS[kind].link(place);
}

/** One notification as the inbox shows it. */
export interface Notification {
  id: string;
  kind: NotificationKind;
  createdAt: IsoTime;
  read: boolean;
  /** How many events it stands for: the new messages of a conversation (`chat-message`); 1 for the other kinds. */
  count: number;
  /** Who caused it, by their current name (an erased person's shows as erased); null: nobody in particular. */
  actorName: string | null;
  spaceId: string | null;
  spaceName: string | null;
  /** A short quote: the start of the post or comment, a hand-over's note. */
  excerpt: string;
  /** Where it happened, as a route of the app; null when there is no screen for it. */
  link: string | null;
}

/** GET /api/notifications. */
export interface NotificationPage {
  /** Newest first. */
  notifications: Notification[];
  /** Unread notifications in all (not only on this page): the badge. */
  unread: number;
  /** Pass as `before` for the next (older) page; null when this was the last. */
  next: string | null;
}

export const NOTIFICATION_PAGE_SIZE = 50;

/** GET /api/notifications?before&limit. */
export const NotificationQuery = v.object({
  before: v.optional(v.pipe(v.string(), v.regex(/^\d{1,16}\.[A-Za-z0-9_-]{1,64}$/, 'must be a `next` from an earlier page'))),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100'), v.transform(Number), v.minValue(1, 'must be from 1 to 100'), v.maxValue(100, 'must be from 1 to 100')),
  ),
});

/** POST /api/notifications/read: these (at most 200), or all of the person's. */
export const MarkRead = v.union([
  v.object({ ids: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.minLength(1), v.maxLength(200, 'at most 200 ids')) }),
  v.object({ all: v.literal(true) }),
]);
export type MarkReadBody = v.InferInput<typeof MarkRead>;

/** The answer of POST /api/notifications/read. */
export interface MarkedRead {
  unread: number;
}

/** One topic's channels: on or off. */
export type TopicChoice = Record<NotificationChannel, boolean>;

/**
 * GET/PUT /api/notifications/settings: per topic, on which channels; and the spaces the person muted. The inbox
 * off means none is made at all (so no push or e-mail either). E-mail only counts when the digest is on
 * (/api/digest/settings); push only on a device that switched it on, outside quiet hours (/api/push/settings).
 */
export interface NotificationSettings {
  /** Only the topics that can reach the person (`topicsFor` their role). */
  topics: Partial<Record<NotificationTopic, TopicChoice>>;
  /** Spaces the person muted (only spaces they are in): only `THROUGH_A_MUTE` comes from them. */
  mutedSpaces: string[];
}

/** Until a person chooses: everything, everywhere, no space muted. */
export const DEFAULT_TOPIC_CHOICE: TopicChoice = { inbox: true, push: true, email: true };

const choice = v.strictObject({ inbox: v.boolean(), push: v.boolean(), email: v.boolean() });

/** PUT /api/notifications/settings: the topics to change (any of them) and, when given, the whole list of muted spaces. */
export const NotificationSettingsBody = v.strictObject({
  topics: v.optional(v.strictObject(Object.fromEntries(NOTIFICATION_TOPICS.map((topic) => [topic, v.optional(choice)])) as Record<NotificationTopic, v.OptionalSchema<typeof choice, undefined>>)),
  mutedSpaces: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(64))), v.maxLength(500, 'at most 500 spaces'))),
});
export type NotificationSettingsInput = v.InferOutput<typeof NotificationSettingsBody>;
