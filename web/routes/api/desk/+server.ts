import { json } from '@sveltejs/kit';
import type { DeskOverview } from '@kring/contract';
import { mayOrder, mayReadKnowledge, orderingTeams } from '@kring/server';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * GET → {desks, canOrder, teams, canReadKnowledge}: the organisation's desks (each saying whether the person is on
 * its staff and whether it has a catalogue), and the teams the person may order for with their delivery address.
 */
export const GET: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  const desks = await kring.desks.desksOf(person.organisationId);
  const staffOf = await kring.desks.staffDesks(person.id);
  const withCatalogue = await kring.desks.hasCatalogue(desks.map((desk) => desk.id));
  const access = await kring.accounts.accessUser(person);
  const canOrder = mayOrder(person);
  const teamIds = canOrder ? orderingTeams(access) : [];
  const overview: DeskOverview = {
    desks: desks.map((desk) => ({ id: desk.id, name: desk.name, description: desk.description, isStaff: staffOf.has(desk.id), hasCatalogue: withCatalogue.has(desk.id) })),
    canOrder,
    teams: await kring.desks.orderingTeamsWithAddress(teamIds),
    canReadKnowledge: mayReadKnowledge(person),
  };
  return json(overview, { headers: NO_STORE });
});
