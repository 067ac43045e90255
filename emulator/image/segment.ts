// Stand-in for SegmentCommonImage: estimate the background colour from the image border (per
// channel median, robust to a subject touching the edge) and make every pixel close to it
// transparent. Output is a real RGBA PNG ("mask": greyscale alpha, "whiteBK": white background).
import sharp from 'sharp'
import { decodeBmp, type RawImage } from './bmp'
import type { ImageFormat } from './format'

/** Euclidean RGB distance under which a pixel counts as background. */
export const BACKGROUND_DISTANCE = 48

async function decode(image: Buffer, format: ImageFormat): Promise<RawImage> {
  if (format === 'bmp') return decodeBmp(image)
  const { data, info } = await sharp(image, { animated: false }).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, data }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

export function estimateBackground(img: RawImage): [number, number, number] {
  const { width, height, data } = img
  const r: number[] = []
  const g: number[] = []
  const b: number[] = []
  const take = (x: number, y: number) => {
    const i = (y * width + x) * 4
    r.push(data[i])
    g.push(data[i + 1])
    b.push(data[i + 2])
  }
  for (let x = 0; x < width; x++) {
    take(x, 0)
    take(x, height - 1)
  }
  for (let y = 1; y < height - 1; y++) {
    take(0, y)
    take(width - 1, y)
  }
  return [median(r), median(g), median(b)]
}

/**
 * SegmentCommonImage `ReturnForm` (API reference, https://api.aliyun.com/api/imageseg/2019-12-30/SegmentCommonImage):
 * unset = RGBA PNG; `mask` = the alpha as a single-channel PNG; `whiteBK` = on white; `crop` = the
 * RGBA PNG cropped to the subject (blank margins removed).
 */
export type ReturnForm = 'default' | 'mask' | 'whiteBK' | 'crop'

export async function segmentImage(image: Buffer, format: ImageFormat, form: ReturnForm): Promise<Buffer> {
  const img = await decode(image, format)
  const [br, bg, bb] = estimateBackground(img)
  const out = Buffer.from(img.data)
  const limit = BACKGROUND_DISTANCE * BACKGROUND_DISTANCE
  for (let i = 0; i < out.length; i += 4) {
    const dr = out[i] - br
    const dg = out[i + 1] - bg
    const db = out[i + 2] - bb
    if (dr * dr + dg * dg + db * db < limit) out[i + 3] = 0
  }
  const raw = { raw: { width: img.width, height: img.height, channels: 4 as const } }
  if (form === 'mask') return sharp(out, raw).extractChannel(3).toColourspace('b-w').png().toBuffer()
  if (form === 'whiteBK') return sharp(out, raw).flatten({ background: '#ffffff' }).png().toBuffer()
  if (form === 'crop') {
    const box = opaqueBox(out, img.width, img.height)
    if (box) return sharp(out, raw).extract(box).png().toBuffer()
  }
  return sharp(out, raw).png().toBuffer()
}

/** The smallest rectangle holding every pixel that is not fully transparent; undefined when none is. */
function opaqueBox(rgba: Buffer, width: number, height: number): { left: number; top: number; width: number; height: number } | undefined {
  let minX = width
  let minY = height
  let maxX = -1
  let maxY = -1
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (rgba[(y * width + x) * 4 + 3] === 0) continue
      if (x < minX) minX = x
      if (x > maxX) maxX = x
      if (y < minY) minY = y
      if (y > maxY) maxY = y
    }
  }
  return maxX < 0 ? undefined : { left: minX, top: minY, width: maxX - minX + 1, height: maxY - minY + 1 }
}
