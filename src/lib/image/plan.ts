import { InputError } from '../base/errors'
import { displayedSize, limitViolations, type ImageFacts } from './fit'
import type { ImageLimits } from './limits'

/** What a conversion writes: JPEG for photos, PNG when the image has transparency to keep. */
export type PlannedFormat = 'jpeg' | 'png'

interface Conversion {
  format: PlannedFormat
  /** JPEG quality 1…100 to start with (ignored for PNG). */
  quality: number
  /** The converted file must not exceed this; if it does, ask `replanSmaller`. */
  maxBytes: number
  /** Why, in plain words (one per limit or target). */
  reasons: string[]
}

/**
 * What to do with a photo before sending it to one API. Sizes are as shown: a converter applies
 * the EXIF orientation first (sharp `.rotate()`, canvas `drawImage` of a decoded bitmap), so the
 * API sees the photo upright whatever it does with EXIF.
 */
export type ImagePlan =
  | { action: 'none' }
  | (Conversion & { action: 'resize'; width: number; height: number })
  | (Conversion & { action: 'reencode'; width?: number; height?: number })

export interface PlanOptions {
  /** @default limits.targetLongSide */
  targetLongSide?: number
  /**
   * JPEG quality to start with. 80 is what phone compressors default to (wx.compressImage); text
   * and edges stay clean at it, and on a 2 Mbit/s uplink each byte saved is time saved.
   * @default 80
   */
  quality?: number
}

const REFUSED = new Set(['EmptyFile', 'NotAnImage', 'ImageTooSmall'])

function pick(limits: ImageLimits, facts: ImageFacts): PlannedFormat {
  return facts.hasAlpha && limits.formats.includes('png') ? 'png' : 'jpeg'
}

/**
 * Pure planner: an operation's documented limits plus an image's facts (`readImageHeader` + file
 * size) → nothing to do, resize to W×H, or re-encode as JPEG (PNG when there is alpha to keep).
 * Photos larger than the operation's target long side are resized to it (see `targetLongSide` in
 * each declaration of src/lib/operations/ for why each size). Throws a typed `InputError` when no
 * conversion can help: an empty file, not an image, smaller than the API's minimum, or a shape
 * that cannot fit.
 */
export function planImage(limits: ImageLimits, facts: ImageFacts, options: PlanOptions = {}): ImagePlan {
  const violations = limitViolations(limits, facts)
  const fatal = violations.find((v) => REFUSED.has(v.code))
  if (fatal) throw fatal
  const reasons = violations.map((v) => v.message)
  const conversion = { format: pick(limits, facts), quality: options.quality || 80, maxBytes: limits.maxBytes }
  const size = displayedSize(facts)
  if (size) {
    const { width, height } = size
    const target = Math.min(options.targetLongSide || limits.targetLongSide, limits.maxWidth || Infinity, limits.maxHeight || Infinity)
    const scale = Math.min(
      1,
      target / Math.max(width, height),
      (limits.maxWidth || Infinity) / width,
      (limits.maxHeight || Infinity) / height,
      limits.maxPixels !== undefined ? Math.sqrt(limits.maxPixels / (width * height)) : Infinity,
    )
    if (scale < 1) {
      const w = Math.max(1, Math.floor(width * scale + 1e-6))
      const h = Math.max(1, Math.floor(height * scale + 1e-6))
      if (w < (limits.minWidth || 1) || h < (limits.minHeight || 1)) {
        throw new InputError(
          'ImageAspectUnsupported',
          `A ${width}×${height} image cannot fit ${limits.api}'s ${limits.maxWidth ?? 'any'}×${limits.maxHeight ?? 'any'} px ` +
            `without a side falling below ${limits.minWidth || 1}×${limits.minHeight || 1} px`,
          'Crop the image closer to a usual photo shape.',
        )
      }
      if (Math.max(width, height) > target && !violations.some((v) => v.code === 'ImageResolutionTooHigh')) {
        reasons.push(`${width}×${height} is more than the ${target} px long side kept for ${limits.api}`)
      }
      return { action: 'resize', width: w, height: h, ...conversion, reasons }
    }
  }
  if (violations.length === 0) return { action: 'none' }
  return { action: 'reencode', ...size, ...conversion, reasons }
}

/**
 * The next try after a conversion came out larger than `plan.maxBytes`: JPEG quality steps down
 * (80 → 65 → 55), then the size shrinks by the byte ratio. Throws `ImageTooLarge` when the image
 * would drop below the API's minimum size.
 */
export function replanSmaller(
  limits: ImageLimits,
  plan: Exclude<ImagePlan, { action: 'none' }>,
  producedBytes: number,
): Exclude<ImagePlan, { action: 'none' }> {
  const reasons = [...plan.reasons, `the ${plan.format.toUpperCase()} came out at ${producedBytes} bytes, over ${plan.maxBytes}`]
  if (plan.format === 'jpeg' && plan.quality > 55) return { ...plan, quality: Math.max(55, plan.quality - 15), reasons }
  const tooLarge = new InputError(
    'ImageTooLarge',
    `The image is still ${producedBytes} bytes after compression; ${limits.api} takes at most ${plan.maxBytes}`,
    'Choose a smaller photo or crop it first.',
  )
  if (plan.width === undefined || plan.height === undefined) throw tooLarge
  const factor = Math.min(0.9, Math.sqrt(plan.maxBytes / producedBytes) * 0.95)
  const width = Math.floor(plan.width * factor)
  const height = Math.floor(plan.height * factor)
  if (width < (limits.minWidth || 16) || height < (limits.minHeight || 16)) throw tooLarge
  return { ...plan, action: 'resize', width, height, reasons }
}
