import type { AccountPrincipal, KringServices } from '@kring/server';

/** The logged-in person as the sync server and the access policy see them. */
export async function principalOf(services: KringServices, locals: App.Locals): Promise<AccountPrincipal | null> {
  if (!locals.user || !locals.sessionId) return null;
  const { id, name } = locals.user;
  return { sessionId: locals.sessionId, userId: id, name, accessUser: await services.accounts.accessUser(locals.user) };
}
