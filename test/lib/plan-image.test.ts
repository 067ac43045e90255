import { describe, expect, it } from 'vitest'
import { InputError, recognizeBankCardOperation, segmentCommonImageOperation, detectImageFacesOperation } from '../../src/lib'
import { checkImageFile, limitViolations, planImage, replanSmaller, type ImageFacts } from '../../src/lib/image'
import { BANK_CARD_IMAGE_LIMITS as CARD, FACES_IMAGE_LIMITS as FACES, SEGMENT_IMAGE_LIMITS as SEG } from '../../src/lib/operations'

const MB = 1024 * 1024
const jpeg = (width: number, height: number, bytes = 500_000, extra: Partial<ImageFacts> = {}): ImageFacts => ({
  type: 'jpeg',
  width,
  height,
  bytes,
  hasAlpha: false,
  ...extra,
})
const refusal = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return err as InputError
  }
  throw new Error('expected an InputError')
}

describe('operations declare their documented image limits', () => {
  it('each image operation carries its own; the ones without images carry none', () => {
    expect(recognizeBankCardOperation.imageLimits).toBe(CARD)
    expect(segmentCommonImageOperation.imageLimits).toBe(SEG)
    expect(detectImageFacesOperation.imageLimits).toBe(FACES)
    expect(SEG).toMatchObject({ maxBytes: 3 * MB, minWidth: 33, maxWidth: 1999, maxHeight: 1999, pngBitsPerPixel: [24, 32] })
    expect(SEG.formats).not.toContain('gif')
    expect(CARD.formats).toEqual(['jpeg', 'png', 'bmp', 'gif'])
    expect(CARD.maxWidth).toBeUndefined() // not documented
  })

  it('targets stay within the documented maximum', () => {
    for (const l of [CARD, SEG, FACES])
      expect(l.targetLongSide).toBeLessThanOrEqual(Math.min(l.maxWidth ?? Infinity, l.maxHeight ?? Infinity))
  })
})

describe('planImage', () => {
  it('nothing to do when the image already fits and is within the target', () => {
    expect(planImage(CARD, jpeg(1280, 840))).toEqual({ action: 'none' })
    expect(planImage(SEG, { type: 'png', width: 640, height: 420, bytes: 300_000, bitsPerPixel: 24 })).toEqual({ action: 'none' })
    expect(planImage(SEG, { type: 'webp', width: 1999, height: 1999, bytes: 1_000_000 })).toEqual({ action: 'none' })
  })

  it('a 12 MP photo is resized to the operation’s target long side, keeping its aspect', () => {
    const facts = jpeg(4000, 3000, 3_900_000)
    expect(planImage(CARD, facts)).toMatchObject({ action: 'resize', width: 1600, height: 1200, format: 'jpeg', maxBytes: 3 * MB })
    expect(planImage(SEG, facts)).toMatchObject({ action: 'resize', width: 1999, height: 1499, format: 'jpeg' })
    expect(planImage(FACES, facts)).toMatchObject({ action: 'resize', width: 2048, height: 1536 })
    const seg = planImage(SEG, facts)
    expect(seg.action !== 'none' && seg.reasons.join(' ')).toMatch(/1999×1999 px; this image is 4000×3000/)
  })

  it('portrait and EXIF-rotated photos: sizes are as shown', () => {
    expect(planImage(SEG, jpeg(3000, 4000))).toMatchObject({ action: 'resize', width: 1499, height: 1999 })
    // Stored 4000×3000 with orientation 6 (shown rotated 90°): planned upright, 1200×1600.
    expect(planImage(CARD, jpeg(4000, 3000, 3_000_000, { orientation: 6 }))).toMatchObject({ action: 'resize', width: 1200, height: 1600 })
  })

  it('a caller may ask for a smaller target, never for more than the documented maximum', () => {
    expect(planImage(CARD, jpeg(4000, 3000), { targetLongSide: 1024 })).toMatchObject({ width: 1024, height: 768 })
    expect(planImage(SEG, jpeg(4000, 3000), { targetLongSide: 3000 })).toMatchObject({ width: 1999, height: 1499 })
  })

  it('a format the API does not read is re-encoded at the same size: JPEG, or PNG when there is alpha to keep', () => {
    expect(planImage(SEG, { type: 'gif', width: 800, height: 600, bytes: 200_000, hasAlpha: false })).toMatchObject({
      action: 'reencode',
      format: 'jpeg',
      width: 800,
      height: 600,
    })
    expect(planImage(SEG, { type: 'gif', width: 800, height: 600, bytes: 200_000, hasAlpha: true })).toMatchObject({
      action: 'reencode',
      format: 'png',
    })
    expect(planImage(CARD, { type: 'webp', width: 800, height: 600, bytes: 90_000, hasAlpha: false })).toMatchObject({
      action: 'reencode',
      format: 'jpeg',
    })
    const gif = planImage(SEG, { type: 'gif', width: 800, height: 600, bytes: 200_000 })
    expect(gif.action !== 'none' && gif.reasons[0]).toMatch(/SegmentCommonImage does not take GIF/)
  })

  it.each([
    ['8-bit palette', 3, 8, false, 'jpeg'],
    ['8-bit grey', 0, 8, false, 'jpeg'],
    ['16-bit grey', 0, 16, false, 'jpeg'],
    ['16-bit RGB', 2, 48, false, 'jpeg'],
    ['16-bit RGBA', 6, 64, true, 'png'],
  ] as const)('segmentation: a %s PNG is re-encoded (alpha kept as 8-bit RGBA PNG)', (_name, colorType, bitsPerPixel, hasAlpha, format) => {
    const plan = planImage(SEG, { type: 'png', width: 640, height: 480, bytes: 400_000, colorType, bitsPerPixel, hasAlpha })
    expect(plan).toMatchObject({ action: 'reencode', format })
    // The bank-card API documents no PNG layout limit.
    expect(planImage(CARD, { type: 'png', width: 640, height: 480, bytes: 400_000, colorType, bitsPerPixel, hasAlpha })).toEqual({
      action: 'none',
    })
  })

  it('too many bytes at an acceptable size: re-encode as JPEG, to be checked against maxBytes', () => {
    expect(planImage(CARD, jpeg(1500, 1000, 3.5 * MB))).toMatchObject({
      action: 'reencode',
      format: 'jpeg',
      width: 1500,
      height: 1000,
      maxBytes: 3 * MB,
    })
  })

  it('without a size (header not readable): only type and bytes are planned', () => {
    expect(planImage(CARD, { type: 'jpeg', bytes: 100_000 })).toEqual({ action: 'none' })
    expect(planImage(CARD, { type: 'jpeg', bytes: 4 * MB })).toMatchObject({ action: 'reencode', format: 'jpeg' })
    expect(planImage(SEG, { type: 'gif', bytes: 4000 })).toMatchObject({ action: 'reencode' })
  })

  it.each([
    ['an empty file', CARD, { type: 'jpeg', bytes: 0 }, 'EmptyFile'],
    ['not an image', CARD, { bytes: 1234 }, 'NotAnImage'],
    ['below segmentation’s minimum (more than 32×32)', SEG, jpeg(32, 400), 'ImageTooSmall'],
    ['a strip that cannot fit 1999 px without a side below 33 px', SEG, jpeg(8000, 100), 'ImageAspectUnsupported'],
  ] as const)('refuses %s with a typed InputError naming the limit and the fix', (_name, limits, facts, code) => {
    const err = refusal(() => planImage(limits, facts))
    expect(err.code).toBe(code)
    expect(err.hint.length).toBeGreaterThan(10)
    if (code === 'ImageTooSmall') expect(err.message).toMatch(/at least 33×33 px; this image is 32×400/)
  })

  it('names only the bounds a limit has when a shape cannot fit', () => {
    const noSides = { ...SEG, maxWidth: undefined, maxHeight: undefined }
    const err = refusal(() => planImage(noSides, jpeg(8000, 100)))
    expect(err.code).toBe('ImageAspectUnsupported')
    expect(err.message).toBe(`A 8000×100 image cannot fit ${SEG.api}'s any×any px without a side falling below 33×33 px`)
  })

  it('the bank-card API documents no minimum size: a tiny image is sent as it is', () => {
    expect(planImage(CARD, jpeg(8, 8, 700))).toEqual({ action: 'none' })
  })
})

describe('replanSmaller', () => {
  it('JPEG quality steps down, then the size shrinks by the byte ratio, then it gives up', () => {
    let plan = planImage(CARD, jpeg(4000, 3000, 3_900_000))
    if (plan.action === 'none') throw new Error('expected a conversion')
    plan = replanSmaller(CARD, plan, 4 * MB)
    expect(plan).toMatchObject({ quality: 65, width: 1600 })
    plan = replanSmaller(CARD, plan, 4 * MB)
    expect(plan).toMatchObject({ quality: 55, width: 1600 })
    plan = replanSmaller(CARD, plan, 4 * MB)
    expect(plan).toMatchObject({ action: 'resize', quality: 55 })
    expect(plan.width).toBeLessThan(1600 * Math.sqrt(3 / 4))
    expect(plan.reasons[plan.reasons.length - 1]).toMatch(/over 3145728/)
    const tiny = { ...plan, width: 20, height: 15 }
    expect(refusal(() => replanSmaller(CARD, tiny, 4 * MB)).code).toBe('ImageTooLarge')
  })

  it('a PNG (alpha kept) shrinks straight away', () => {
    const plan = planImage(SEG, { type: 'png', width: 1999, height: 1999, bytes: 5 * MB, bitsPerPixel: 32, hasAlpha: true })
    if (plan.action === 'none') throw new Error('expected a conversion')
    expect(plan.format).toBe('png')
    expect(replanSmaller(SEG, plan, 5 * MB)).toMatchObject({
      action: 'resize',
      format: 'png',
      width: Math.floor(1999 * Math.sqrt(3 / 5) * 0.95),
    })
  })
})

describe('limitViolations and checkImageFile read one operation’s limits', () => {
  it('lists every broken limit, in fix order', () => {
    const codes = limitViolations(SEG, { type: 'gif', width: 4000, height: 3000, bytes: 4 * MB }).map((e) => e.code)
    expect(codes).toEqual(['UnsupportedImageType', 'ImageResolutionTooHigh', 'ImageTooLarge'])
    expect(limitViolations(CARD, jpeg(4000, 3000, 2 * MB))).toEqual([])
  })

  it('checkImageFile: GIF is fine for the bank card, refused for segmentation; the shared limits stay the default', () => {
    expect(() => checkImageFile('image/gif', 1000, CARD)).not.toThrow()
    expect(refusal(() => checkImageFile('image/gif', 1000, SEG)).message).toMatch(/not supported by SegmentCommonImage/)
    expect(() => checkImageFile('image/webp', 1000, SEG)).not.toThrow()
    expect(refusal(() => checkImageFile('image/webp', 1000)).code).toBe('UnsupportedImageType')
    expect(refusal(() => checkImageFile('image/jpeg', 3 * MB + 1, SEG)).code).toBe('ImageTooLarge')
    expect(refusal(() => checkImageFile('image/jpeg', 3 * MB + 1)).code).toBe('ImageTooLarge')
  })
})
