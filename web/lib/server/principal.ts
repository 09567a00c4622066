import type { AccountPrincipal, KringServices, User } from '@kring/server';
import { Refusal } from './http.ts';
import { services } from './services.ts';

/** The logged-in person as the sync server and the access policy see them. */
export async function principalOf(services: KringServices, locals: App.Locals): Promise<AccountPrincipal | null> {
  if (!locals.user || !locals.sessionId) return null;
  const { id, name } = locals.user;
  return { sessionId: locals.sessionId, userId: id, name, accessUser: await services.accounts.accessUser(locals.user) };
}

/** The one guard of the API: the logged-in person and the services, or `401 no_session`. */
export async function requirePerson(locals: App.Locals): Promise<{ kring: KringServices; person: User }> {
  if (!locals.user) throw new Refusal(401, 'no_session', 'Not logged in.');
  return { kring: await services(), person: locals.user };
}

/** As `requirePerson`, for administrators only: `403 forbidden` for anyone else. */
export async function requireAdmin(locals: App.Locals): Promise<{ kring: KringServices; admin: User }> {
  const { kring, person } = await requirePerson(locals);
  if (person.role !== 'admin' || !person.active) throw new Refusal(403, 'forbidden', 'Only administrators can do this.');
  return { kring, admin: person };
}
