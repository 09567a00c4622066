import { json } from '@sveltejs/kit';
import { CLIENT_FIELDS, OWN_FIELDS, type OwnProfileAnswer } from '@kring/contract';
import type { KringServices, User } from '@kring/server';
import { endpoint } from '$lib/server/http';
import { readPicture, throttledToRefusal } from '$lib/server/pictures';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/**
 * PUT, the photo's bytes as the body (the type is read from the bytes) → {profile, shareWithClients, editable} with
 * the new photo: a square cut from the middle, at most 512 px, without its metadata. 413 too large or over the
 * person's storage, 415 not a JPEG, PNG, WebP or GIF, 429 too much at once. The photo it replaces is deleted.
 */
export const PUT: RequestHandler = endpoint(
  async ({ locals, request }) => {
    const { kring, person } = await requirePerson(locals);
    const body = await readPicture(request, kring.files.maxBytes);
    try {
      const file = await kring.files.uploadProfilePhoto(person.id, body);
      return await answer(kring, person, file.id);
    } catch (error) {
      throttledToRefusal(error);
    }
  },
  { too_large: 413, storage_full: 413, unsupported_type: 415 },
);

/** DELETE → {profile, shareWithClients, editable} without a photo (initials are shown); the photo is deleted. */
export const DELETE: RequestHandler = endpoint(async ({ locals }) => {
  const { kring, person } = await requirePerson(locals);
  return answer(kring, person, null);
});

async function answer(kring: KringServices, person: User, photoId: string | null): Promise<Response> {
  const own = await kring.profiles.setPhoto(person, photoId);
  // Whatever else was theirs goes: the photo replaced, and one of two uploads at once that lost the race.
  await kring.files.releaseProfilePhotos(person.id, own.profile.photo);
  const editable = person.role === 'client' ? CLIENT_FIELDS : OWN_FIELDS;
  return json({ ...own, editable } satisfies OwnProfileAnswer, { headers: { 'cache-control': 'no-store' } });
}
