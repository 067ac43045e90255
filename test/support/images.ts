import sharp from 'sharp'

/**
 * Test photos made on the fly (nothing binary is committed): a "card" — a coloured rounded
 * rectangle on a plain light background, which also gives segmentation a clear subject.
 */
export async function makeCardPhoto(
  options: { width?: number; height?: number; format?: 'jpeg' | 'png'; seed?: number } = {},
): Promise<Buffer> {
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

/**
 * A "phone photo": a card on a desk with texture at a few pixels' scale (which survives resizing,
 * like real detail) and sensor-like per-pixel noise, deterministic (xorshift), saved as a camera
 * would save it. Defaults give a 12 MP (4000×3000) JPEG of about 4 MB — over the 3 MB the vision
 * APIs take and over segmentation's 1999 px, like an unprepared phone photo. With `maxBytes`, the
 * JPEG quality steps down from `quality` until the file fits.
 */
export async function makePhonePhoto(
  options: { width?: number; height?: number; texture?: number; noise?: number; quality?: number; maxBytes?: number } = {},
): Promise<Buffer> {
  const width = options.width ?? 4000
  const height = options.height ?? 3000
  const texture = options.texture ?? 24
  const noise = options.noise ?? 11
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#d8d2c4"/><stop offset="1" stop-color="#8f8574"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <rect x="${width * 0.175}" y="${height * 0.233}" width="${width * 0.65}" height="${height * 0.547}" rx="${width * 0.0225}" fill="#1f4e8c"/>
    <text x="${width * 0.225}" y="${height * 0.6}" font-size="${Math.round(height * 0.063)}" fill="#fff" font-family="monospace">6222 0212 3456 7890</text>
  </svg>`
  const { data } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  let s = 0x2545f491
  const random = () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 4294967296
  }
  // Texture: random values on a grid 3 px apart, smoothed up to full size.
  const tw = Math.ceil(width / 3)
  const th = Math.ceil(height / 3)
  const grid = Buffer.alloc(tw * th)
  for (let i = 0; i < grid.length; i++) grid[i] = Math.floor(random() * 256)
  const tex = await sharp(grid, { raw: { width: tw, height: th, channels: 1 } })
    .resize(width, height, { kernel: 'cubic' })
    .raw()
    .toBuffer()
  for (let p = 0, i = 0; p < width * height; p++) {
    const t = ((tex[p] - 128) / 128) * texture
    for (let c = 0; c < 3; c++, i++) {
      const v = data[i] + t + (random() * 2 - 1) * noise
      data[i] = v < 0 ? 0 : v > 255 ? 255 : v
    }
  }
  const raw = sharp(data, { raw: { width, height, channels: 3 } })
  for (let quality = options.quality ?? 92; ; quality -= 2) {
    const jpeg = await raw.clone().jpeg({ quality }).toBuffer()
    if (options.maxBytes === undefined || jpeg.length <= options.maxBytes || quality <= 50) return jpeg
  }
}

/**
 * An iPhone-style HEIC photo for the headless host: `data` starts with the HEIF `ftyp` box (major
 * brand `heic`, as iPhones write it) followed by filler, since nothing here can encode HEVC; the
 * host's "phone decoder" uses `decoded` (the same picture as a JPEG) wherever the platform decodes.
 */
export async function makeHeicPhoto(
  options: { width?: number; height?: number } = {},
): Promise<{ data: Uint8Array; type: string; decoded: Uint8Array }> {
  const decoded = new Uint8Array(await makeCardPhoto({ width: options.width ?? 3024, height: options.height ?? 4032 }))
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.from([0, 0, 0, 0]), Buffer.from('mif1heic')])
  const data = new Uint8Array(Buffer.concat([ftyp, Buffer.alloc(2048, 0x5a)]))
  return { data, type: 'image/heic', decoded }
}
