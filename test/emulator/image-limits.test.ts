// Each vision action enforces its own documented input limits (emulator/rpc/actions/*: the rules
// and their vendor links), with the image read by the emulator's own header parser.
import sharp, { type Sharp } from 'sharp'
import { describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator/index'
import { inspectImage } from '../../emulator/image/format'
import { useEmulator } from '../support/use-emulator'
import { bmpCard, rootKeys, rpcV1 } from './helpers'

let emu: RunningEmulator
const BUCKET = 'viapi-kit-dev'
// Reads plain object URLs: these tests are about other rules (read routes: test/emulator/read-routes.test.ts).
useEmulator((e) => (emu = e), { reset: 'each', emulator: { sameAccountRead: true } })

let n = 0
async function call(action: 'SegmentCommonImage' | 'RecognizeBankCard', body: Buffer) {
  const key = `uploads/u1/limits-${n++}`
  emu.putObject(BUCKET, key, body, 'image/jpeg')
  return rpcV1(emu, { action, keys: rootKeys(emu), params: { ImageURL: `${emu.url}/oss/${BUCKET}/${key}` } })
}

/** A card-like picture (light background, dark block) so segmentation has a subject. */
function picture(width: number, height: number, channels: 3 | 4 = 3): Sharp {
  const block = {
    create: { width: Math.max(1, Math.floor(width / 2)), height: Math.max(1, Math.floor(height / 2)), channels, background: '#1f4e8c' },
  }
  return sharp({ create: { width, height, channels, background: '#f4f4f2' } }).composite([
    { input: block, left: Math.floor(width / 4), top: Math.floor(height / 4) },
  ])
}
/** The composite written out first (compositing adds an alpha channel), so colour conversions apply to the result. */
const flat = async (s: Sharp, alpha = false) => {
  const out = sharp(await s.png().toBuffer())
  return alpha ? out : out.removeAlpha()
}

describe('SegmentCommonImage input limits (JPEG/PNG/BMP/WEBP, ≤ 3 MB, 33…1999 px, no 8/16/64-bit PNG)', () => {
  it('refuses a GIF (the bank-card API takes it)', async () => {
    const gif = await picture(200, 150).gif().toBuffer()
    const r = await call('SegmentCommonImage', gif)
    expect(r.status).toBe(400)
    expect(r.body.Code).toBe('InvalidFile.Content')
    expect(r.body.Message).toMatch(/GIF is not supported/)
    expect((await call('RecognizeBankCard', gif)).status).toBe(200)
  })

  it('refuses a 4000×3000 JPEG (small in bytes, so only its pixels are wrong); the bank-card API takes it', async () => {
    const big = await picture(4000, 3000).jpeg({ quality: 50 }).toBuffer()
    expect(big.length).toBeLessThan(3 * 1024 * 1024)
    const r = await call('SegmentCommonImage', big)
    expect(r.status).toBe(400)
    expect(r.body.Code).toBe('InvalidFile.Resolution')
    expect(r.body.Message).toMatch(/4000x3000/)
    expect((await call('RecognizeBankCard', big)).status).toBe(200)
  })

  it.each([
    ['16-bit RGB (48 bpp)', async () => (await flat(picture(200, 150))).toColourspace('rgb16').png().toBuffer(), 48],
    ['16-bit grey (16 bpp)', async () => (await flat(picture(200, 150))).toColourspace('grey16').png().toBuffer(), 16],
    ['16-bit RGBA (64 bpp)', async () => (await flat(picture(200, 150, 4), true)).toColourspace('rgb16').png().toBuffer(), 64],
    ['8-bit palette', () => picture(200, 150).png({ palette: true }).toBuffer(), 8],
    ['8-bit grey', async () => (await flat(picture(200, 150))).toColourspace('b-w').png().toBuffer(), 8],
  ])('refuses a %s PNG', async (_name, make, bpp) => {
    const png = await make()
    expect(inspectImage(png)?.png?.bitsPerPixel).toBe(bpp)
    const r = await call('SegmentCommonImage', png)
    expect(r.status).toBe(400)
    expect(r.body.Code).toBe('InvalidFile.Content')
    expect(r.body.Message).toMatch(new RegExp(`^${bpp}-bit PNG is not supported`))
  })

  it.each([
    ['8-bit RGB PNG', () => picture(200, 150).png().toBuffer()],
    ['8-bit RGBA PNG', () => picture(200, 150, 4).png().toBuffer()],
    ['WebP', () => picture(200, 150).webp().toBuffer()],
    ['BMP', async () => bmpCard(64, 64)],
    ['JPEG at the largest size, 1999×1999', () => picture(1999, 1999).jpeg().toBuffer()],
    ['JPEG at the smallest size, 33×33', () => picture(33, 33).jpeg().toBuffer()],
  ])('accepts %s', async (_name, make) => {
    const r = await call('SegmentCommonImage', await make())
    expect(r.status, JSON.stringify(r.body)).toBe(200)
  })

  it.each([
    [2000, 1000],
    [1000, 2000],
    [32, 400],
    [400, 32],
  ])('refuses %i×%i (more than 32×32, longest side ≤ 1999)', async (w, h) => {
    const r = await call('SegmentCommonImage', await picture(w, h).jpeg().toBuffer())
    expect(r.body.Code).toBe('InvalidFile.Resolution')
  })

  it('checks bytes before anything else, and refuses bytes that only look like an image', async () => {
    const huge = Buffer.concat([await picture(64, 64).png().toBuffer(), Buffer.alloc(3 * 1024 * 1024)])
    expect((await call('SegmentCommonImage', huge)).body.Code).toBe('InvalidImage.Size')
    const truncated = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46])
    expect((await call('SegmentCommonImage', truncated)).body.Code).toBe('InvalidFile.Content')
  })
})

describe('RecognizeBankCard input limits (JPEG/PNG/BMP/GIF, ≤ 3 MB, no pixel bounds documented)', () => {
  it('refuses WebP, takes tiny and 16-bit PNG images', async () => {
    const webp = (await call('RecognizeBankCard', await picture(200, 150).webp().toBuffer())).body
    expect(webp.Code).toBe('InvalidFile.Content')
    expect(webp.Message).toMatch(/WEBP is not supported/)
    expect((await call('RecognizeBankCard', bmpCard(8, 8))).status).toBe(200)
    expect((await call('RecognizeBankCard', await (await flat(picture(200, 150))).toColourspace('rgb16').png().toBuffer())).status).toBe(
      200,
    )
  })
})

describe('inspectImage (the emulator’s own header parser)', () => {
  it.each([
    ['jpeg', () => picture(4000, 3000).jpeg({ quality: 40 }).toBuffer(), 4000, 3000],
    ['progressive jpeg', () => picture(1280, 840).jpeg({ progressive: true }).toBuffer(), 1280, 840],
    ['png', () => picture(640, 480).png().toBuffer(), 640, 480],
    ['gif', () => picture(320, 200).gif().toBuffer(), 320, 200],
    ['webp (lossy)', () => picture(321, 201).webp().toBuffer(), 321, 201],
    ['webp (lossless)', () => picture(321, 201).webp({ lossless: true }).toBuffer(), 321, 201],
    ['webp (alpha)', () => picture(321, 201, 4).webp().toBuffer(), 321, 201],
    ['bmp', async () => bmpCard(64, 48), 64, 48],
  ])('%s', async (_name, make, width, height) => {
    expect(inspectImage(await make())).toMatchObject({ width, height })
  })
})
