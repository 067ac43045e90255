import sharp from 'sharp'
import { BANK_CARD_IMAGE_LIMITS, IMAGE_LIMITS, SEGMENT_IMAGE_LIMITS, sniffImageType } from '../src/lib'
import { prepareImage } from '../scripts/cli/prepare-image'
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
 * What the seed app did on H5 before photos were prepared per operation: scale the long side to
 * ≤ 2560 px, then JPEG at quality 0.85, 0.7, 0.55, 0.4 until it fits 3 MB. sharp stands in for canvas.
 */
export async function compressLikeTheSeedApp(input: Buffer, maxBytes: number = IMAGE_LIMITS.maxBytes): Promise<{ bytes: Buffer; quality: number; width: number; height: number }> {
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

/**
 * Bytes sent per operation: the app prepares each photo for the API it goes to (planImage against
 * the operation's documented limits; sharp here, as in the CLI, stands in for the phone's canvas /
 * compressImage), against the seed app's one-size preparation.
 */
export async function uploadBytes(): Promise<Row[]> {
  const original = await makeTwelveMegapixelPhoto()
  const seed = await compressLikeTheSeedApp(original)
  const rows: Row[] = []
  for (const limits of [BANK_CARD_IMAGE_LIMITS, SEGMENT_IMAGE_LIMITS]) {
    const out = await prepareImage(original, limits)
    const fits = out.bytes.length <= limits.maxBytes && sniffImageType(out.bytes) === out.contentType
    rows.push({
      section: 'Upload bytes',
      metric: `${limits.api}: 12 MP photo (4000×3000, noisy, ${fmt.mb(original.length)} JPEG q92) prepared for the API`,
      baseline: `seed app: ${fmt.mb(seed.bytes.length)} JPEG ${seed.width}×${seed.height} q${seed.quality} for every API`,
      ours: `${fmt.mb(out.bytes.length)} ${out.contentType.slice(6).toUpperCase()} ${out.width}×${out.height} (target long side ${limits.targetLongSide} px)`,
      ratio: `${fmt.x(seed.bytes.length / out.bytes.length)} fewer bytes`,
      target: `fits ${limits.api}'s limits`,
      pass: fits && Math.max(out.width ?? 0, out.height ?? 0) <= Math.min(limits.targetLongSide, limits.maxWidth ?? Infinity),
    })
  }
  return rows
}
