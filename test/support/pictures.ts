/** Pictures for tests: a phone's JPEG with its GPS position in EXIF, made with sharp. */
import sharp from 'sharp';

/** Zorg aan Zee's office, as a phone would write it: degrees, minutes, seconds as rationals. */
export const GPS_POSITION = { latitude: 52.1, longitude: 4.27 };

/** A `width`×`height` JPEG with the camera's make and GPS position in its EXIF, as a phone takes it. */
export async function phonePhoto(width = 64, height = 48): Promise<Uint8Array> {
  const data = await sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'Kringfoon', Model: 'K1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 6/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '4/1 16/1 12/1' },
    })
    .toBuffer();
  return new Uint8Array(data);
}

/** A small PNG. */
export async function pngPicture(): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width: 8, height: 8, channels: 4, background: '#ffcc00' } }).png().toBuffer());
}
