import { endpoint, problem } from '$lib/server/http';
import { pictureResponse } from '$lib/server/pictures';
import { requirePerson } from '$lib/server/principal';
import { noteClientSpaces } from '../../seen.ts';
import type { RequestHandler } from './$types';

/**
 * GET (`?v=<photo>` as the profile names it, so a new photo is a new address) → the person's profile photo, for
 * whoever may see it: the profile's rule decides, as for the profile itself (a fellow client sees a client's photo
 * only when that client chose so). 404 for a person the asker may not see, one without a photo, and a photo gone,
 * alike.
 */
export const GET: RequestHandler = endpoint(
  async ({ locals, params, request }) => {
    const { kring, person } = await requirePerson(locals);
    const seen = await kring.profiles.get(person, params.userId);
    if (!seen.profile.photo) return problem(404, 'not_found', 'No such picture.');
    const { file, bytes } = await kring.files.readProfilePhoto(params.userId, seen.profile.photo);
    noteClientSpaces(kring, locals, person.id, [seen]);
    return pictureResponse(file, bytes, request);
  },
  { not_found: 404 },
);
