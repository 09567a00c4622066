import { json } from '@sveltejs/kit';
import type { ProfileAnswer } from '@kring/contract';
import { NO_STORE, endpoint } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import { noteClientSpaces } from '../seen.ts';
import type { RequestHandler } from './$types';

/** GET → {profile}: one person as the asker may see them; 404 for anyone they may not see, as for nobody. */
export const GET: RequestHandler = endpoint(
  async ({ locals, params }) => {
    const { kring, person } = await requirePerson(locals);
    const seen = await kring.profiles.get(person, params.userId);
    noteClientSpaces(kring, locals, person.id, [seen]);
    return json({ profile: seen.profile } satisfies ProfileAnswer, { headers: NO_STORE });
  },
  { not_found: 404 },
);
