import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError, type LocalImage, recognizeBankCardOperation, segmentCommonImageOperation } from '../../src/lib'
import type { Stack } from '../../scripts/stack'
import { makeCardPhoto } from '../support/images'
import { countDuring, kitFor, startReliabilityStack } from './harness'

// Bad input on the device: each is refused by the kit before any request, with a typed InputError
// whose code a page can switch on and whose hint says what to do.
let stack: Stack
let jpeg: Uint8Array
let png: Uint8Array

beforeAll(async () => {
  stack = await startReliabilityStack()
  jpeg = new Uint8Array(await makeCardPhoto())
  png = new Uint8Array(await makeCardPhoto({ format: 'png' }))
})
afterAll(() => stack?.close())

const images: Array<[string, () => LocalImage, string]> = [
  ['0-byte file (size given)', () => ({ path: 'wxfile://tmp/empty.jpg', contentType: 'image/jpeg', size: 0 }), 'EmptyFile'],
  ['0-byte file (bytes, no size)', () => ({ path: new Uint8Array(0), contentType: 'image/jpeg' }), 'EmptyFile'],
  [
    'non-image bytes labelled image/jpeg',
    () => ({ path: new TextEncoder().encode('%PDF-1.7 not a photo'), contentType: 'image/jpeg' }),
    'NotAnImage',
  ],
  ['PNG bytes labelled image/jpeg', () => ({ path: png, contentType: 'image/jpeg' }), 'ImageTypeMismatch'],
  ['unsupported type (HEIC)', () => ({ path: 'wxfile://tmp/a.heic', contentType: 'image/heic', size: 1000 }), 'UnsupportedImageType'],
  ['unsupported type (TIFF)', () => ({ path: 'wxfile://tmp/a.tiff', contentType: 'image/tiff', size: 1000 }), 'UnsupportedImageType'],
  ['not an image at all (PDF)', () => ({ path: 'wxfile://tmp/a.pdf', contentType: 'application/pdf', size: 1000 }), 'UnsupportedImageType'],
  [
    'over the 3 MB API limit after compression (size)',
    () => ({ path: 'wxfile://tmp/big.jpg', contentType: 'image/jpeg', size: 3 * 1024 * 1024 + 1 }),
    'ImageTooLarge',
  ],
  [
    'over the 3 MB API limit (bytes)',
    () => ({ path: new Uint8Array(3 * 1024 * 1024 + 1).fill(0xff), contentType: 'image/jpeg' }),
    'ImageTooLarge',
  ],
]

const urls: Array<[string, string]> = [
  ['CJK characters', 'https://viapi-kit-dev.oss-cn-shanghai.aliyuncs.com/uploads/银行卡.jpg'],
  ['full-width characters', 'https://viapi-kit-dev.oss-cn-shanghai.aliyuncs.com/uploads/ｃａｒｄ.jpg'],
  ['a space', 'https://viapi-kit-dev.oss-cn-shanghai.aliyuncs.com/uploads/my card.jpg'],
  ['a tab', 'https://viapi-kit-dev.oss-cn-shanghai.aliyuncs.com/uploads/a\tb.jpg'],
  ['not http(s)', 'ftp://example.com/card.jpg'],
  ['a local path', 'wxfile://tmp/card.jpg'],
  ['empty', ''],
]

describe('bad input on the client', () => {
  it.each(images)('%s → InputError %s, no request sent', async (_name, make, code) => {
    const h = kitFor(stack, 'bad-input')
    for (const run of [
      () => h.kit.recognize(recognizeBankCardOperation, make()),
      () => h.kit.recognize(segmentCommonImageOperation, make()),
      () => h.kit.upload(make()),
    ]) {
      const { result: err, delta } = await countDuring(stack, () => run().catch((e) => e))
      expect(err).toBeInstanceOf(InputError)
      expect(err.code).toBe(code)
      expect(err.retryable).toBe(false)
      expect(err.hint.length).toBeGreaterThan(10)
      expect(Object.values(delta).every((n) => n === 0)).toBe(true)
    }
    expect(h.rec.sent).toEqual([])
  })

  it.each(urls)('image URL with %s → InputError InvalidImageUrl before the API is called', async (_name, url) => {
    const h = kitFor(stack, 'bad-url')
    await h.kit.prefetch()
    for (const run of [() => h.kit.recognize(recognizeBankCardOperation, url), () => h.kit.recognize(segmentCommonImageOperation, url)]) {
      const { result: err, delta } = await countDuring(stack, () => run().catch((e) => e))
      expect(err).toBeInstanceOf(InputError)
      expect(err.code).toBe('InvalidImageUrl')
      expect([delta.ocr, delta.imageseg]).toEqual([0, 0])
    }
  })

  it('each operation checks its own documented limits: GIF and 2400×1800 are refused for segmentation only, WebP for the bank card only', async () => {
    const h = kitFor(stack, 'per-operation')
    await h.kit.prefetch()
    const gif = new Uint8Array(await sharp(Buffer.from(jpeg)).gif().toBuffer())
    const big = new Uint8Array(await sharp(Buffer.from(jpeg)).resize(2400, 1800).jpeg().toBuffer())
    const webp = new Uint8Array(await sharp(Buffer.from(jpeg)).webp().toBuffer())
    const refused = async (run: () => Promise<unknown>) => {
      const { result: err, delta } = await countDuring(stack, () => run().catch((e) => e))
      expect(Object.values(delta).every((n) => n === 0)).toBe(true)
      return err as InputError
    }
    expect((await refused(() => h.kit.recognize(segmentCommonImageOperation, { path: gif, contentType: 'image/gif' }))).code).toBe(
      'UnsupportedImageType',
    )
    const tooBig = await refused(() => h.kit.recognize(segmentCommonImageOperation, { path: big, contentType: 'image/jpeg' }))
    expect(tooBig.code).toBe('ImageResolutionTooHigh')
    expect(tooBig.message).toMatch(/SegmentCommonImage takes images up to 1999×1999 px; this image is 2400×1800/)
    expect((await refused(() => h.kit.recognize(recognizeBankCardOperation, { path: webp, contentType: 'image/webp' }))).code).toBe(
      'UnsupportedImageType',
    )
    expect((await h.kit.recognize(recognizeBankCardOperation, { path: gif, contentType: 'image/gif' })).cardNumber).toMatch(/^\d{16,19}$/)
    expect((await h.kit.recognize(recognizeBankCardOperation, { path: big, contentType: 'image/jpeg' })).cardNumber).toMatch(/^\d{16,19}$/)
    expect((await h.kit.recognize(segmentCommonImageOperation, { path: webp, contentType: 'image/webp' })).imageUrl).toMatch(/^http/)
  })

  it('after every refusal the same kit still works', async () => {
    const h = kitFor(stack, 'bad-then-good')
    await h.kit.upload({ path: new Uint8Array(0), contentType: 'image/jpeg' }).catch(() => undefined)
    await h.kit.recognize(recognizeBankCardOperation, 'https://x/银行卡.jpg').catch(() => undefined)
    const ok = await h.kit.recognize(recognizeBankCardOperation, { path: jpeg, contentType: 'image/jpeg' })
    expect(ok.cardNumber).toMatch(/^\d{16,19}$/)
  })
})
