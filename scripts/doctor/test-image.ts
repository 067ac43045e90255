import sharp from 'sharp'

/**
 * The doctor's upload: a small card-shaped JPEG (about 1 KB), made here so nothing is read from
 * disk. It is not a real card: the cloud may find no card in it, which still proves the API read it.
 */
export async function doctorTestImage(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="128" height="81">
    <rect width="100%" height="100%" fill="#f4f4f2"/>
    <rect x="8" y="8" width="112" height="65" rx="6" fill="#2a5d8f"/>
    <rect x="16" y="30" width="96" height="8" fill="#ffffff"/>
  </svg>`
  return new Uint8Array(await sharp(Buffer.from(svg)).jpeg({ quality: 60 }).toBuffer())
}
