import sharp from 'sharp'
import type { ImageLimits } from '../../src/lib'
import {
  contentTypeOf,
  limitViolations,
  planImage,
  readImageHeader,
  replanSmaller,
  type ImageHeader,
  type ImagePlan,
  type PlanOptions,
} from '../../src/lib/image'

/** A photo made to fit one API, and what was done to it. */
export interface PreparedImage {
  bytes: Buffer
  contentType: string
  width?: number
  height?: number
  /** `none` = the original bytes are sent as they are. */
  action: ImagePlan['action']
  reasons: string[]
  original: { bytes: number; type: ImageHeader['type']; width?: number; height?: number }
  /** Time spent converting (0 when nothing was done). */
  ms: number
}

type Conversion = Exclude<ImagePlan, { action: 'none' }>

/** One conversion with sharp: upright (EXIF applied), resized, 8-bit sRGB, JPEG on white or RGBA PNG. */
async function convert(input: Buffer, plan: Conversion): Promise<Buffer> {
  let img = sharp(input, { animated: false }).rotate()
  if (plan.width !== undefined && plan.height !== undefined) img = img.resize(plan.width, plan.height, { fit: 'fill' })
  // toColourspace('srgb') makes 8 bits per channel and 3 colour channels (grey, palette and 16-bit
  // inputs become RGB): 24-bit or, with alpha, 32-bit PNG — the layouts every API takes.
  img = img.toColourspace('srgb')
  return plan.format === 'png'
    ? img.ensureAlpha().png({ compressionLevel: 9 }).toBuffer()
    : img.flatten({ background: '#ffffff' }).jpeg({ quality: plan.quality }).toBuffer()
}

/**
 * Node's image preparation (CLI, scripts, benchmarks): read the header, plan against the
 * operation's documented limits, convert with sharp as the plan says, and re-plan smaller until the
 * bytes fit. Throws the planner's typed InputError (empty file, not an image, too small) before
 * anything is uploaded.
 */
export async function prepareImage(input: Buffer, limits: ImageLimits, options: PlanOptions = {}): Promise<PreparedImage> {
  const found = readImageHeader(input.subarray(0, 256 * 1024))
  const plan = planImage(limits, { ...found, bytes: input.length }, options)
  const header = found! // planImage refused anything that is not an image
  const original = { bytes: input.length, type: header.type, width: header.width, height: header.height }
  if (plan.action === 'none') {
    return {
      bytes: input,
      contentType: contentTypeOf(header.type),
      width: header.width,
      height: header.height,
      action: 'none',
      reasons: [],
      original,
      ms: 0,
    }
  }
  const started = performance.now()
  let current: Conversion = plan
  for (;;) {
    const out = await convert(input, current)
    if (out.length > current.maxBytes) {
      current = replanSmaller(limits, current, out.length)
      continue
    }
    const made = readImageHeader(out)!
    // The converter's output must itself fit, or the plan and the converter disagree.
    const left = limitViolations(limits, { ...made, bytes: out.length })
    if (left.length > 0) throw left[0]
    return {
      bytes: out,
      contentType: contentTypeOf(made.type),
      width: made.width,
      height: made.height,
      action: current.action,
      reasons: current.reasons,
      original,
      ms: performance.now() - started,
    }
  }
}
