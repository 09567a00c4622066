/** The desk's records as the contract answers them (packages/contract/src/desk.ts). */
import { iso, type CatalogueItem, type Order, type Question, type QuestionMessage } from '@kring/contract';
import { orderNumber, questionNumber, type CatalogueRecord, type MessageRecord, type OrderRecord, type QuestionRecord } from '@kring/server';

/** `role` decides what is shown: a knowledge item's reader never learns who asked. */
export function questionView(question: QuestionRecord, role: 'asker' | 'staff' | 'reader'): Question {
  return {
    id: question.id,
    number: questionNumber(question.number),
    deskId: question.deskId,
    deskName: question.deskName,
    subject: question.subject,
    body: question.body,
    category: question.category,
    status: question.status,
    askerName: role === 'reader' ? null : question.askerName,
    assignedTo: role === 'reader' ? null : question.assignedTo,
    assignedName: role === 'reader' ? null : question.assignedName,
    public: question.public,
    createdAt: iso(question.createdAt),
    updatedAt: iso(question.updatedAt),
    canHandle: role === 'staff',
  };
}

/** In a knowledge item only the desk's replies are shown, and nobody's name. */
export function messagesView(messages: MessageRecord[], role: 'asker' | 'staff' | 'reader'): QuestionMessage[] {
  return messages
    .filter((message) => role !== 'reader' || message.fromStaff)
    .map((message) => ({
      id: message.id,
      authorName: role === 'reader' ? null : message.authorName,
      fromStaff: message.fromStaff,
      body: message.body,
      createdAt: iso(message.createdAt),
    }));
}

export function itemView(item: CatalogueRecord): CatalogueItem {
  return { ...item, kind: item.kind as CatalogueItem['kind'] };
}

export function orderView(order: OrderRecord, canHandle: boolean): Order {
  return {
    id: order.id,
    number: orderNumber(order.number),
    deskId: order.deskId,
    itemId: order.itemId,
    itemName: order.itemName,
    kind: order.kind as Order['kind'],
    spaceId: order.spaceId,
    spaceName: order.spaceName,
    size: order.size,
    quantity: order.quantity,
    printText: order.printText,
    deliveryAddress: order.deliveryAddress,
    status: order.status,
    orderedByName: order.orderedByName,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
    canHandle,
  };
}

/** Domain refusals and their HTTP statuses, for every desk endpoint. */
export const DESK_STATUSES = { not_found: 404, forbidden: 403, throttled: 429, request_id_reused: 409, bad_request: 400 } as const;
