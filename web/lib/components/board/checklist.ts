import { m } from '$lib/paraglide/messages.js';

/** How far a card's checklist is, in words ("2 van 3 klaar"). */
export function checklistProgress(checklist: ReadonlyArray<{ done: boolean }>): string {
  return m.board_card_checklist_progress({ done: checklist.filter((item) => item.done).length, total: checklist.length });
}
