import type { DeskRecord, KringServices, User } from '@kring/server';
import { Refusal } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';

/**
 * The desk's staff only. A desk of another organisation, or one the person does not work at, answers 404 either
 * way: staff of desk A learn nothing of desk B's queue.
 */
export async function requireDeskStaff(locals: App.Locals, deskId: string): Promise<{ kring: KringServices; person: User; desk: DeskRecord }> {
  const { kring, person } = await requirePerson(locals);
  const desk = await kring.desks.desk(person, deskId);
  if (!desk || !(await kring.desks.isStaff(person, desk.id))) throw new Refusal(404, 'not_found', 'No such desk.');
  return { kring, person, desk };
}
