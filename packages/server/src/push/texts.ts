/**
 * What a push says, in Dutch (the device's inbox has each person's language; a push is shown by the service
 * worker, which has none): the inbox's sentence, without its quote. A kind without words here says only that
 * there is something new, so a kind added later never sends an empty push.
 */
import type { NotificationKind } from '@kring/contract';

const TEXTS: Partial<Record<NotificationKind, (actor: string) => string>> = {
  mention: (actor) => `${actor} noemde u`,
  reply: (actor) => `${actor} reageerde op uw bericht`,
  'card-assigned': (actor) => `${actor} zette u op een taak`,
  'card-handed-over': (actor) => `${actor} droeg een taak aan u over`,
  'task-due': () => 'Een taak van u moet vandaag af',
  'activity-reminder': () => 'Binnenkort: een activiteit waarvoor u bent aangemeld',
  'submission-changes-requested': (actor) => `${actor} vraagt u uw nieuwsbericht aan te passen`,
  'submission-published': (actor) => `${actor} heeft uw nieuwsbericht geplaatst`,
  'submission-rejected': (actor) => `${actor} heeft uw nieuwsbericht niet geplaatst`,
  news: () => 'Nieuw nieuwsbericht',
  'chat-mention': (actor) => `${actor} noemde u in een gesprek`,
  'chat-message': (actor) => `${actor} stuurde u een bericht`,
  'protocol-to-read': (actor) => `${actor} vraagt u een protocol te lezen`,
  'protocol-review-due': () => 'Een protocol van u moet herzien worden',
  'desk-reply': (actor) => `${actor} heeft uw vraag beantwoord`,
};

export function pushText(kind: NotificationKind, actorName: string | null): string {
  const text = TEXTS[kind];
  return text ? text(actorName ?? 'Iemand') : 'Er is iets nieuws voor u';
}
