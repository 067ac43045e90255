import sharp from 'sharp'
import { IMAGE_LIMITS, sniffImageType } from '../src/lib'
import { fmt, type Row } from './types'

/** A 12-megapixel "phone photo": a card on a desk plus sensor-like noise, so JPEG cannot cheat. */
export async function makeTwelveMegapixelPhoto(): Promise<Buffer> {
  const width = 4000
  const height = 3000
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#d8d2c4"/><stop offset="1" stop-color="#8f8574"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    <rect x="700" y="700" width="2600" height="1640" rx="90" fill="#1f4e8c"/>
    <text x="900" y="1800" font-size="190" fill="#fff" font-family="monospace">6222 0212 3456 7890</text>
  </svg>`
  const { data, info } = await sharp(Buffer.from(svg)).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  // Deterministic noise (xorshift), ±24 levels: roughly what a phone sensor leaves at indoor ISO.
  let s = 0x2545f491
  for (let i = 0; i < data.length; i++) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5
    const v = data[i] + ((s >>> 0) % 49) - 24
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).jpeg({ quality: 92 }).toBuffer()
}

/**
 * A model of the H5 canvas path in src/services/images.ts (compressInBrowser): scale the long side
 * to ≤ 2560 px, then JPEG at quality 0.85, 0.7, 0.55, 0.4 until it fits. sharp stands in for canvas.
 */
export async function compressLikeTheApp(input: Buffer, maxBytes: number = IMAGE_LIMITS.maxBytes): Promise<{ bytes: Buffer; quality: number; width: number; height: number }> {
  const meta = await sharp(input).metadata()
  const scale = Math.min(1, 2560 / Math.max(meta.width!, meta.height!))
  const width = Math.round(meta.width! * scale)
  const height = Math.round(meta.height! * scale)
  const resized = await sharp(input).resize(width, height).raw().toBuffer()
  for (const quality of [0.85, 0.7, 0.55, 0.4]) {
    const bytes = await sharp(resized, { raw: { width, height, channels: 3 } }).jpeg({ quality: Math.round(quality * 100) }).toBuffer()
    if (bytes.length <= maxBytes) return { bytes, quality, width, height }
  }
  throw new Error('still over the limit at quality 0.4')
}

export async function uploadBytes(): Promise<Row[]> {
  const original = await makeTwelveMegapixelPhoto()
  const out = await compressLikeTheApp(original)
  const fits = out.bytes.length <= IMAGE_LIMITS.maxBytes && sniffImageType(out.bytes) === 'image/jpeg'
  return [{
    section: 'Upload bytes',
    metric: '12 MP photo (4000×3000, noisy) before / after on-device compression',
    baseline: `${fmt.mb(original.length)} JPEG q92 (over the 3 MB API limit: would be refused)`,
    ours: `${fmt.mb(out.bytes.length)} JPEG ${out.width}×${out.height} q${out.quality}`,
    ratio: `${fmt.x(original.length / out.bytes.length)} fewer bytes`,
    target: '≤ 3 MB, JPEG',
    pass: fits,
  }]
}
