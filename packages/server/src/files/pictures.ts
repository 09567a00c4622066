/**
 * What the server makes of an uploaded picture. The device's word counts for nothing: the type is read from the
 * bytes (file-type, magic numbers), and the picture is decoded and encoded again by sharp (libvips), which keeps
 * no metadata (EXIF with the GPS position, XMP, comments) unless asked; the orientation is applied first, so the
 * picture stands as it was taken. A decoder bomb is refused by pixel count before it is decoded in full.
 */
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { DomainError } from '../errors.ts';

export type PictureErrorCode = 'unsupported_type' | 'too_large';
export class PictureError extends DomainError<PictureErrorCode> {}

/** The types a picture may be, as its bytes say. HEIC and SVG are not among them: SVG is a script, HEIC the device converts. */
const PICTURE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

/** Largest side the server keeps (the device resizes to 1600 already); larger is scaled down. */
export const MAX_PICTURE_SIDE = 2048;
/** Pixels a picture may have before it is decoded: 50 megapixels, more than any phone camera gives. */
export const MAX_PICTURE_PIXELS = 50_000_000;

export interface CleanPicture {
  bytes: Uint8Array;
  contentType: 'image/jpeg' | 'image/png' | 'image/webp';
  width: number;
  height: number;
}

/** A face in the smoelenboek: a square this size, cut from the middle of the photo. */
export const PROFILE_PHOTO_SIDE = 512;

/** @param shape `square` for a profile photo (cut to a square, at most PROFILE_PHOTO_SIDE), else the whole picture */
export async function cleanPicture(input: Uint8Array, shape: 'whole' | 'square' = 'whole'): Promise<CleanPicture> {
  const type = await fileTypeFromBuffer(input);
  if (!type || !PICTURE_TYPES.has(type.mime)) throw new PictureError('unsupported_type', 'Only JPEG, PNG, WebP or GIF pictures.');
  // The header alone says how large it is: refused before anything is decoded.
  const { width = 0, height = 0 } = await sharp(input).metadata().catch(() => ({ width: 0, height: 0 }));
  if (width === 0 || height === 0) throw new PictureError('unsupported_type', 'The picture could not be read.');
  if (width * height > MAX_PICTURE_PIXELS) throw new PictureError('too_large', 'The picture has too many pixels.');
  try {
    const image = sharp(input, { limitInputPixels: MAX_PICTURE_PIXELS, failOn: 'error', animated: false })
      .rotate()
      .resize(
        shape === 'square'
          ? // The largest square there is, never enlarged (turning the picture upright does not change its shorter side).
            { width: Math.min(width, height, PROFILE_PHOTO_SIDE), height: Math.min(width, height, PROFILE_PHOTO_SIDE), fit: 'cover' }
          : { width: MAX_PICTURE_SIDE, height: MAX_PICTURE_SIDE, fit: 'inside', withoutEnlargement: true },
      );
    // Photos stay JPEG; drawings and screenshots keep their sharp edges as PNG or WebP; a GIF's first frame as PNG.
    const out = type.mime === 'image/jpeg' ? image.jpeg({ quality: 82, mozjpeg: true }) : type.mime === 'image/webp' ? image.webp({ quality: 82 }) : image.png();
    const { data, info } = await out.toBuffer({ resolveWithObject: true });
    const contentType = info.format === 'jpeg' ? 'image/jpeg' : info.format === 'webp' ? 'image/webp' : 'image/png';
    return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), contentType, width: info.width, height: info.height };
  } catch {
    // libvips could not decode what the magic bytes promised: a forged or broken file.
    throw new PictureError('unsupported_type', 'The picture could not be read.');
  }
}
