/** Pictures for tests: a phone's JPEG with its GPS position in EXIF, made with sharp. */
import sharp from 'sharp';

/** Zorg aan Zee's office, as a phone would write it: degrees, minutes, seconds as rationals. */
export const GPS_POSITION = { latitude: 52.1, longitude: 4.27 };

/** A `width`×`height` JPEG with the camera's make and GPS position in its EXIF, as a phone takes it. */
export async function phonePhoto(width = 64, height = 48): Promise<Uint8Array> {
  // A hallway with a lift and a window, drawn, so a screenshot shows something like a photo.
  const scene = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" viewBox="0 0 400 300">
    <rect width="400" height="300" fill="#e9e2d4"/><rect y="210" width="400" height="90" fill="#b08d63"/>
    <rect x="250" y="40" width="110" height="90" fill="#9cc9e8" stroke="#fff" stroke-width="6"/>
    <rect x="70" y="60" width="24" height="160" fill="#5a6b7a"/><rect x="70" y="60" width="120" height="18" fill="#5a6b7a"/>
    <rect x="172" y="78" width="6" height="60" fill="#333"/><rect x="150" y="138" width="50" height="26" rx="6" fill="#2f7d5b"/>
    <rect x="50" y="215" width="120" height="14" rx="7" fill="#3d4a56"/><circle cx="65" cy="238" r="9" fill="#222"/><circle cx="160" cy="238" r="9" fill="#222"/>
  </svg>`;
  const data = await sharp(Buffer.from(scene))
    .resize(width, height, { fit: 'fill' })
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

/** A phone's portrait photo (a drawn head and shoulders) with its GPS position in EXIF, for a profile. */
export async function facePhoto(width = 600, height = 800): Promise<Uint8Array> {
  const portrait = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="400" viewBox="0 0 300 400">
    <rect width="300" height="400" fill="#cfe3d8"/><rect y="300" width="300" height="100" fill="#9cb8a8"/>
    <path d="M40 400 Q150 250 260 400 Z" fill="#2f6f8f"/><rect x="130" y="230" width="40" height="50" fill="#e0b48f"/>
    <ellipse cx="150" cy="175" rx="62" ry="78" fill="#e8c19c"/><path d="M86 160 Q90 90 150 88 Q212 90 214 160 Q200 118 150 116 Q100 118 86 160 Z" fill="#5b3a24"/>
    <circle cx="128" cy="172" r="6" fill="#333"/><circle cx="172" cy="172" r="6" fill="#333"/><path d="M128 212 Q150 228 172 212" stroke="#a0523c" stroke-width="5" fill="none"/>
  </svg>`;
  const data = await sharp(Buffer.from(portrait))
    .resize(width, height, { fit: 'fill' })
    .jpeg()
    .withExif({ IFD0: { Make: 'Kringfoon', Model: 'K1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '52/1 6/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '4/1 16/1 12/1' } })
    .toBuffer();
  return new Uint8Array(data);
}
