import exifr from 'exifr';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { phonePhoto, pngPicture } from '../../../../test/support/pictures.ts';
import { cleanPicture, MAX_PICTURE_SIDE, PictureError } from './pictures.ts';

describe('cleanPicture', () => {
  it('re-encodes a phone photo without its EXIF: no GPS position, no camera', async () => {
    const photo = await phonePhoto();
    expect(await exifr.gps(photo)).toMatchObject({ latitude: expect.closeTo(52.1, 1) });
    const clean = await cleanPicture(photo);
    expect(clean).toMatchObject({ contentType: 'image/jpeg', width: 64, height: 48 });
    expect(await exifr.parse(clean.bytes)).toBeUndefined();
    expect((await sharp(clean.bytes).metadata()).exif).toBeUndefined();
  });

  it('keeps a PNG a PNG and scales a huge side down', async () => {
    expect(await cleanPicture(await pngPicture())).toMatchObject({ contentType: 'image/png', width: 8, height: 8 });
    const wide = new Uint8Array(await sharp({ create: { width: 4000, height: 100, channels: 3, background: '#000' } }).jpeg().toBuffer());
    expect(await cleanPicture(wide)).toMatchObject({ width: MAX_PICTURE_SIDE });
  });

  it.each([
    ['HTML named a picture', new TextEncoder().encode('<html><script>alert(1)</script></html>')],
    ['an SVG', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['a PDF', new TextEncoder().encode('%PDF-1.4\n%')],
    ['JPEG magic bytes and nothing else', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1])],
  ])('refuses %s as unsupported', async (_, bytes) => {
    const error = await cleanPicture(bytes).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PictureError);
    expect((error as PictureError).code).toBe('unsupported_type');
  });
});
