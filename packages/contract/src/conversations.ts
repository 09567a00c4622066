/** One-to-one and group chats (docs/api.md, "Conversations"); their messages are Yjs documents, not these answers. */
import * as v from 'valibot';
import { isoTime, requiredText } from './http.ts';

const personId = v.pipe(v.string(), v.maxLength(64), v.nonEmpty('must not be empty'));

/** POST /api/conversations/direct. */
export const StartDirect = v.object({ personId });

/** POST /api/conversations/groups. */
export const NewGroup = v.object({
  name: requiredText(80),
  memberIds: v.pipe(v.array(personId), v.minLength(1, 'must name someone'), v.maxLength(99, 'at most 99 people')),
});

/** POST /api/conversations/<conversationId>/members. */
export const AddConversationMember = v.object({ personId });

/** PUT /api/conversations/<conversationId>/read. */
export const ReadMarker = v.object({ until: isoTime });

/** PUT /api/conversations/<conversationId>/mute. */
export const MuteSwitch = v.object({ muted: v.boolean('must be true or false') });

/** PUT /api/conversations/<conversationId>/reading. */
export const ReadingSwitch = v.object({ shares: v.boolean('must be true or false') });

/** One conversation as its member sees it. */
export interface ConversationSummary {
  id: string;
  kind: 'direct' | 'group';
  /** A group's name, or the other person's name in a one-to-one. */
  name: string;
  /**
   * `readUntil` (ISO 8601): how far that member has read, present only when both they and the person asking share
   * it (`sharesReading`) and they have read something.
   */
  members: { id: string; name: string; readUntil?: string }[];
  /** Messages by others in this month's document after the person's read marker. */
  unread: number;
  /** The person's read marker (ISO 8601), or null when they never read it. */
  readUntil: string | null;
  muted: boolean;
  /** The person lets the others who do the same see how far they have read ("read by"); off by default. */
  sharesReading: boolean;
}

export interface ConversationList {
  conversations: ConversationSummary[];
}

export interface ConversationAnswer {
  conversation: ConversationSummary;
}

export interface ChatPartnerList {
  people: { id: string; name: string }[];
}
