import { describe, expect, it } from 'vitest';
import type { AccessUser } from '@kring/access';
import { fileId } from '@kring/shapes';
import { phonePhoto, pngPicture } from '../../../../test/support/pictures.ts';
import { Quotas } from '../quotas/quotas.ts';
import { refusal, testOrganisation } from '../testing.ts';
import { FileError, Files } from './files.ts';
import { MemoryFileStore } from './store.ts';

const feed = 'noord/feed/2026-12';

/** Files on a fresh database with Anna and Bram in team Noord, and Daan a client outside it. */
async function setUp(quotas: Quotas | null = null) {
  const { db, accounts } = await testOrganisation();
  const person = async (name: string, role: AccessUser['role'], member: boolean): Promise<AccessUser> => {
    const user = await accounts.createUserWithHash({ organisationId: 'org', email: `${name}@kring.test`, name, passwordHash: 'x', role });
    return { id: user.id, role, active: true, spaces: member ? { noord: { kind: 'team', role: 'member' } } : {} };
  };
  const store = new MemoryFileStore();
  const files = new Files(db, store, quotas, { maxBytes: 100_000 });
  return { db, files, store, anna: await person('anna', 'employee', true), bram: await person('bram', 'employee', true), daan: await person('daan', 'client', false) };
}

describe('Files', () => {
  it('stores a picture under the id of uploader, document and key, and gives it to readers of the document only', async () => {
    const { files, store, anna, bram, daan } = await setUp();
    const stored = await files.upload(anna, feed, 'k1', await phonePhoto());
    expect(stored.id).toBe(fileId(anna.id, feed, 'k1'));
    expect(await store.get(stored.id)).not.toBeNull();
    expect((await files.read(bram, stored.id)).file).toEqual(stored);
    expect(await refusal(files.read(daan, stored.id), FileError)).toBe('not_found');
    expect(await refusal(files.upload(daan, feed, 'k1', await phonePhoto()), FileError)).toBe('forbidden');
  });

  it('releases pictures for good and erases all of a person’s uploads', async () => {
    const { files, store, anna, bram } = await setUp();
    const one = await files.upload(anna, feed, 'k1', await pngPicture());
    const two = await files.upload(anna, 'noord/feed/2026-11', 'k2', await pngPicture());
    const brams = await files.upload(bram, feed, 'k1', await pngPicture());
    expect(await files.release([one.id, 'not-an-id'])).toBe(1);
    expect(await store.get(one.id)).toBeNull();
    expect(await refusal(files.read(anna, one.id), FileError)).toBe('not_found');
    expect(await files.eraseBy(anna.id)).toBe(1);
    expect(await store.get(two.id)).toBeNull();
    expect((await files.read(anna, brams.id)).file.id).toBe(brams.id);
  });

  it('counts what is stored in the person’s quota and gives it back when the picture goes', async () => {
    const quotas = new Quotas({ bytesPerPerson: 2_000 });
    const { files, anna } = await setUp(quotas);
    const picture = await pngPicture();
    const first = await files.upload(anna, feed, 'k1', picture);
    // Over the storage quota once the next would pass 2,000 bytes.
    const uploads: string[] = [];
    for (let i = 2; ; i++) {
      const outcome = await files.upload(anna, feed, `k${i}`, picture).then(
        (file) => file.id,
        (error: unknown) => error,
      );
      if (typeof outcome !== 'string') {
        expect(outcome).toBeInstanceOf(FileError);
        expect((outcome as FileError).code).toBe('storage_full');
        break;
      }
      uploads.push(outcome);
    }
    await files.release([first.id]);
    await expect(files.upload(anna, feed, 'again', picture)).resolves.toMatchObject({ key: 'again' });
  });
});
