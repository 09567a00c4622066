/** The virtual desk: questions to a desk and orders from its catalogue (docs/api.md, "The desk"). */
import * as v from 'valibot';
import { requiredText, text, type IsoTime } from './http.ts';
import { REQUEST_ID } from './activities.ts';

export const DESK_LIMITS = {
  subject: 200,
  body: 4000,
  reply: 4000,
  savedTitle: 100,
  printText: 300,
  address: 500,
  quantity: 10_000,
  /** Questions one person asks per hour, over all desks. */
  questionsPerHour: 20,
  /** Replies one person writes per hour. */
  repliesPerHour: 120,
  /** Orders one person places per hour. */
  ordersPerHour: 30,
} as const;

export const QUESTION_STATUSES = ['new', 'in_progress', 'waiting', 'answered', 'closed'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];
export const QUESTION_CATEGORIES = ['planning', 'finance', 'pr', 'ict', 'facilities', 'other'] as const;
export type QuestionCategory = (typeof QUESTION_CATEGORIES)[number];
export const ORDER_STATUSES = ['ordered', 'in_progress', 'sent', 'delivered', 'cancelled'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const CATALOGUE_KINDS = ['poster', 'flyer', 'advertisement', 'sticker', 'brochure'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];

/** Open in the queue: not answered and not closed. */
export const OPEN_QUESTION: readonly QuestionStatus[] = ['new', 'in_progress', 'waiting'];
/** Open orders: not delivered and not cancelled. */
export const OPEN_ORDER: readonly OrderStatus[] = ['ordered', 'in_progress', 'sent'];

const deviceId = v.pipe(v.string(), v.regex(REQUEST_ID, 'must be 8 to 64 letters, digits, _ or -'));

/** POST /api/desk/questions: `id` is made by the device once, so sending it again is the same question. */
export const NewQuestion = v.object({
  id: deviceId,
  deskId: v.pipe(v.string(), v.maxLength(64)),
  subject: requiredText(DESK_LIMITS.subject),
  body: requiredText(DESK_LIMITS.body),
  category: v.optional(v.picklist(QUESTION_CATEGORIES, 'is not a known category'), 'other'),
});
export type NewQuestionBody = v.InferInput<typeof NewQuestion>;

/** POST /api/desk/questions/<id>/messages: a reply; desk staff may set the status with it. */
export const NewReply = v.object({
  body: requiredText(DESK_LIMITS.reply),
  status: v.optional(v.picklist(QUESTION_STATUSES, 'is not a known status')),
});
export type NewReplyBody = v.InferInput<typeof NewReply>;

/** PATCH /api/desk/questions/<id>: only the fields given change. */
export const QuestionChanges = v.object({
  status: v.optional(v.picklist(QUESTION_STATUSES, 'is not a known status')),
  assignedTo: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(64)))),
  public: v.optional(v.boolean()),
});
export type QuestionChangesBody = v.InferInput<typeof QuestionChanges>;

/** POST /api/desk/desks/<deskId>/saved-answers. */
export const NewSavedAnswer = v.object({ title: requiredText(DESK_LIMITS.savedTitle), body: requiredText(DESK_LIMITS.reply) });
export type NewSavedAnswerBody = v.InferInput<typeof NewSavedAnswer>;

/** PUT /api/desk/desks/<deskId>/staff: the whole staff list at once. */
export const DeskStaffBody = v.object({ userIds: v.pipe(v.array(v.pipe(v.string(), v.maxLength(64))), v.maxLength(50, 'at most 50 staff')) });
export type DeskStaffBodyInput = v.InferInput<typeof DeskStaffBody>;

/** POST /api/desk/orders: `id` is made by the device once. */
export const NewOrder = v.object({
  id: deviceId,
  itemId: v.pipe(v.string(), v.maxLength(64)),
  spaceId: v.pipe(v.string(), v.maxLength(64)),
  size: v.pipe(v.string(), v.maxLength(40)),
  quantity: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1, 'must be at least 1'), v.maxValue(DESK_LIMITS.quantity, `must be at most ${DESK_LIMITS.quantity}`)),
  printText: v.optional(text(DESK_LIMITS.printText), ''),
  deliveryAddress: requiredText(DESK_LIMITS.address),
});
export type NewOrderBody = v.InferInput<typeof NewOrder>;

/** PATCH /api/desk/orders/<id>. */
export const OrderChanges = v.object({ status: v.picklist(ORDER_STATUSES, 'is not a known status') });
export type OrderChangesBody = v.InferInput<typeof OrderChanges>;

export interface DeskSummary {
  id: string;
  name: string;
  description: string;
  /** Whether the person is on this desk's staff. */
  isStaff: boolean;
  /** Whether the desk has a catalogue to order from. */
  hasCatalogue: boolean;
}

export interface DeliveryTeam {
  spaceId: string;
  name: string;
  /** The address the team's last order went to; '' when none yet. */
  address: string;
}

/** GET /api/desk: the desks, and what the person may do. */
export interface DeskOverview {
  desks: DeskSummary[];
  /** Whether the person may order (staff of the organisation, for a team they are a member of). */
  canOrder: boolean;
  /** The teams the person may order for, with their delivery address. */
  teams: DeliveryTeam[];
  /** Whether the person may read the public knowledge items. */
  canReadKnowledge: boolean;
}

export interface Question {
  id: string;
  /** V-0042: per organisation, in the order they were asked. */
  number: string;
  deskId: string;
  deskName: string;
  subject: string;
  body: string;
  category: QuestionCategory;
  status: QuestionStatus;
  /** The asker's name: for the asker and the desk's staff; null in a knowledge item. */
  askerName: string | null;
  assignedTo: string | null;
  assignedName: string | null;
  public: boolean;
  createdAt: IsoTime;
  updatedAt: IsoTime;
  /** Whether the person may reply, change status and assign (the desk's staff). */
  canHandle: boolean;
}

export interface QuestionMessage {
  id: string;
  /** null in a knowledge item, or when the author was erased. */
  authorName: string | null;
  fromStaff: boolean;
  body: string;
  createdAt: IsoTime;
}

export interface QuestionAnswer {
  question: Question;
}
export interface QuestionThread {
  question: Question;
  messages: QuestionMessage[];
}
export interface QuestionList {
  questions: Question[];
}

export interface StaffMember {
  id: string;
  name: string;
}
export interface SavedAnswer {
  id: string;
  title: string;
  body: string;
}
export interface SavedAnswerList {
  savedAnswers: SavedAnswer[];
}

/** GET /api/desk/desks/<deskId>/queue: the open questions, oldest first, for the desk's staff. */
export interface DeskQueue {
  desk: { id: string; name: string };
  questions: Question[];
  staff: StaffMember[];
  savedAnswers: SavedAnswer[];
}

export interface CatalogueItem {
  id: string;
  deskId: string;
  kind: CatalogueKind;
  name: string;
  description: string;
  sizes: string[];
  /** A picture of the item, a path on the app's origin. */
  picture: string;
  /** Whether a text can be printed on it (a team's name and phone). */
  printable: boolean;
}
export interface Catalogue {
  items: CatalogueItem[];
}

export interface Order {
  id: string;
  /** B-0007: per organisation, in the order they were placed. */
  number: string;
  deskId: string;
  itemId: string;
  itemName: string;
  kind: CatalogueKind;
  spaceId: string;
  spaceName: string;
  size: string;
  quantity: number;
  printText: string;
  deliveryAddress: string;
  status: OrderStatus;
  orderedByName: string | null;
  createdAt: IsoTime;
  updatedAt: IsoTime;
  /** Whether the person may change its status (the desk's staff). */
  canHandle: boolean;
}
export interface OrderAnswer {
  order: Order;
}
export interface OrderList {
  orders: Order[];
}
