import sharp from 'sharp'
import { sniffImageType } from '../src/lib/image'
import { BANK_CARD_IMAGE_LIMITS, SEGMENT_IMAGE_LIMITS } from '../src/lib/operations'
import { prepareImage } from '../scripts/cli/prepare-image'
import { makePhonePhoto } from '../test/support/images'
import { fmt, type Row } from './types'

/**
 * What our own earlier app did on H5 before photos were prepared per operation (one size for every
 * API): scale the long side to ≤ 2560 px, then JPEG at quality 0.85, 0.7, 0.55, 0.4 until it fits
 * 3 MB. sharp stands in for canvas. Not the seed demos' way: they upload the photo as chosen.
 */
export async function compressLikeOurEarlierApp(
  input: Buffer,
  maxBytes: number = BANK_CARD_IMAGE_LIMITS.maxBytes,
): Promise<{ bytes: Buffer; quality: number; width: number; height: number }> {
  const meta = await sharp(input).metadata()
  const scale = Math.min(1, 2560 / Math.max(meta.width, meta.height))
  const width = Math.round(meta.width * scale)
  const height = Math.round(meta.height * scale)
  const resized = await sharp(input).resize(width, height).raw().toBuffer()
  for (const quality of [0.85, 0.7, 0.55, 0.4]) {
    const bytes = await sharp(resized, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: Math.round(quality * 100) })
      .toBuffer()
    if (bytes.length <= maxBytes) return { bytes, quality, width, height }
  }
  throw new Error('still over the limit at quality 0.4')
}

/**
 * Bytes sent per operation: the app prepares each photo for the API it goes to (planImage against
 * the operation's documented limits; sharp here, as in the CLI, stands in for the phone's canvas /
 * compressImage), against our earlier app's one-size preparation.
 */
export async function uploadBytes(): Promise<Row[]> {
  // The same 12 MP phone photo as the time-to-result rows (test/support/images.ts).
  const original = await makePhonePhoto()
  const earlierApp = await compressLikeOurEarlierApp(original)
  const rows: Row[] = []
  for (const limits of [BANK_CARD_IMAGE_LIMITS, SEGMENT_IMAGE_LIMITS]) {
    const out = await prepareImage(original, limits)
    const fits = out.bytes.length <= limits.maxBytes && sniffImageType(out.bytes) === out.contentType
    const size = `${out.width ?? '?'}×${out.height ?? '?'}`
    rows.push({
      section: 'Upload bytes',
      metric: `${limits.api}: 12 MP phone photo (4000×3000, ${fmt.mb(original.length)} JPEG) prepared for the API`,
      baseline: `our earlier app: ${fmt.mb(earlierApp.bytes.length)} JPEG ${earlierApp.width}×${earlierApp.height} q${earlierApp.quality} for every API`,
      ours: `${fmt.mb(out.bytes.length)} ${out.contentType.slice(6).toUpperCase()} ${size} (target long side ${limits.targetLongSide} px)`,
      ratio: `${fmt.x(earlierApp.bytes.length / out.bytes.length)} fewer bytes`,
      target: `fits ${limits.api}'s limits`,
      pass: fits && Math.max(out.width ?? 0, out.height ?? 0) <= Math.min(limits.targetLongSide, limits.maxWidth ?? Infinity),
    })
  }
  return rows
}
