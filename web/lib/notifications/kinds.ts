/**
 * The device's half of the registry of notification kinds (packages/contract/src/notifications.ts): each kind's
 * words, in the person's language. `satisfies` makes a kind added there without words here fail the check.
 */
import type { Notification, NotificationKind } from '@kring/contract';
import { m } from '$lib/paraglide/messages.js';

const TEXTS = {
  mention: (actor) => m.notification_mention({ actor }),
  reply: (actor) => m.notification_reply({ actor }),
  'card-assigned': (actor) => m.notification_card_assigned({ actor }),
  'card-handed-over': (actor) => m.notification_card_handed_over({ actor }),
  'task-due': () => m.notification_task_due(),
  'activity-reminder': () => m.notification_activity_reminder(),
  'submission-changes-requested': (actor) => m.notification_submission_changes_requested({ actor }),
  'submission-published': (actor) => m.notification_submission_published({ actor }),
  'submission-rejected': (actor) => m.notification_submission_rejected({ actor }),
  news: () => m.notification_news(),
  'chat-mention': (actor) => m.notification_chat_mention({ actor }),
  'chat-message': (actor, count) => (count > 1 ? m.chat_notification_messages({ actor, count }) : m.chat_notification_message({ actor })),
  'protocol-to-read': (actor) => m.notification_protocol_to_read({ actor }),
  'protocol-review-due': () => m.notification_protocol_review_due(),
  'desk-reply': (actor) => m.desk_notification_reply({ actor }),
} satisfies Record<NotificationKind, (actor: string, count: number) => string>;

/** What happened, in a sentence: "Anna de Vries noemde u". */
export function notificationText(notification: Pick<Notification, 'kind' | 'actorName'> & { count?: number }): string {
  const text = Object.hasOwn(TEXTS, notification.kind) ? TEXTS[notification.kind] : null;
  // A copy kept on the device from before `count` existed counts as one.
  return text ? text(notification.actorName ?? m.notification_someone(), notification.count ?? 1) : '';
}
