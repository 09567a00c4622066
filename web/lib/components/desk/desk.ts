/**
 * What the desk's screens share: questions and orders go through the device's outbox (kept in IndexedDB, shown
 * as "nog niet verstuurd" until the server has them, sent again when the network is back), each with an id made
 * once on the device so a second send is the same question or order. And the words for statuses and ages.
 */
import { randomId } from '@kring/shapes';
import type { NewOrderBody, NewQuestionBody, OrderStatus, QuestionCategory, QuestionStatus } from '@kring/contract';
import type { Outbox, OutboxRequest } from '$lib/client/outbox.ts';
import { m } from '$lib/paraglide/messages.js';

export const ASK = 'desk-question';
export const ORDER = 'desk-order';

/** Keeps the question on the device and sends it when it can. */
export function askQuestion(outbox: Outbox, question: Omit<NewQuestionBody, 'id'>): Promise<OutboxRequest> {
  const id = randomId();
  return outbox.add({ id, kind: ASK, subject: id, method: 'POST', path: '/api/desk/questions', body: { id, ...question }, label: question.subject });
}

/** Keeps the order on the device and sends it when it can. */
export function placeOrder(outbox: Outbox, order: Omit<NewOrderBody, 'id'>, label: string): Promise<OutboxRequest> {
  const id = randomId();
  return outbox.add({ id, kind: ORDER, subject: id, method: 'POST', path: '/api/desk/orders', body: { id, ...order }, label });
}

export const QUESTION_STATUS_TEXT: Record<QuestionStatus, () => string> = {
  new: m.desk_status_new,
  in_progress: m.desk_status_in_progress,
  waiting: m.desk_status_waiting,
  answered: m.desk_status_answered,
  closed: m.desk_status_closed,
};

export const ORDER_STATUS_TEXT: Record<OrderStatus, () => string> = {
  ordered: m.desk_order_ordered,
  in_progress: m.desk_order_in_progress,
  sent: m.desk_order_sent,
  delivered: m.desk_order_delivered,
  cancelled: m.desk_order_cancelled,
};

export const CATEGORY_TEXT: Record<QuestionCategory, () => string> = {
  planning: m.desk_category_planning,
  finance: m.desk_category_finance,
  pr: m.desk_category_pr,
  ict: m.desk_category_ict,
  facilities: m.desk_category_facilities,
  other: m.desk_category_other,
};

/** How long a question has waited, in a few words: "5 min", "3 uur", "2 dagen". */
export function ageText(since: string, now = Date.now()): string {
  // Never "0 min": a question that just came in has waited a minute in the words of the queue.
  const minutes = Math.max(1, Math.floor((now - Date.parse(since)) / 60_000));
  if (minutes < 60) return m.desk_age_minutes({ count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return m.desk_age_hours({ count: hours });
  return m.desk_age_days({ count: Math.floor(hours / 24) });
}
