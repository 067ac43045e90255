import sharp from 'sharp'

/**
 * Test photos made on the fly (nothing binary is committed): a "card" — a coloured rounded
 * rectangle on a plain light background, which also gives segmentation a clear subject.
 */
export async function makeCardPhoto(options: { width?: number; height?: number; format?: 'jpeg' | 'png'; seed?: number } = {}): Promise<Buffer> {
  const width = options.width ?? 640
  const height = options.height ?? 420
  const hue = ((options.seed ?? 1) * 47) % 360
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="#f4f4f2"/>
    <rect x="${width * 0.15}" y="${height * 0.2}" width="${width * 0.7}" height="${height * 0.6}" rx="24" fill="hsl(${hue},60%,40%)"/>
    <text x="${width * 0.2}" y="${height * 0.62}" font-size="${Math.round(height / 12)}" fill="#fff" font-family="monospace">6222 0212 3456 7890</text>
  </svg>`
  const img = sharp(Buffer.from(svg))
  return options.format === 'png' ? img.png().toBuffer() : img.jpeg({ quality: 85 }).toBuffer()
}
