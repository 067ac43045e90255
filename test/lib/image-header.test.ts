import sharp, { type Sharp } from 'sharp'
import { describe, expect, it } from 'vitest'
import { isHeif, readImageHeader } from '../../src/lib/image'

// Real encoders' output (sharp/libvips, libjpeg, libpng, cgif, libwebp), read by our header parser.
const photo = (width = 40, height = 30) => sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
const rgba = (width = 40, height = 30) =>
  sharp({ create: { width, height, channels: 4, background: { r: 50, g: 100, b: 200, alpha: 0.5 } } })

/** 24-bit BMP (sharp writes none): `topDown` stores a negative height. */
function bmp(width: number, height: number, topDown = false): Buffer {
  const stride = Math.floor((24 * width + 31) / 32) * 4
  const b = Buffer.alloc(54 + stride * height, 0x80)
  b.write('BM', 0, 'latin1')
  b.writeUInt32LE(b.length, 2)
  b.writeUInt32LE(54, 10)
  b.writeUInt32LE(40, 14)
  b.writeInt32LE(width, 18)
  b.writeInt32LE(topDown ? -height : height, 22)
  b.writeUInt16LE(1, 26)
  b.writeUInt16LE(24, 28)
  return b
}

describe('readImageHeader', () => {
  it.each([
    ['baseline', () => photo(4000, 3000).jpeg()],
    ['progressive', () => photo(1280, 840).jpeg({ progressive: true })],
    ['odd size', () => photo(33, 1999).jpeg()],
  ])('JPEG %s: type and size from the SOF marker', async (_name, make) => {
    const bytes = await make().toBuffer()
    const { width, height } = await sharp(bytes).metadata()
    expect(readImageHeader(bytes)).toEqual({ type: 'jpeg', width, height, hasAlpha: false })
  })

  it.each([1, 3, 6, 8])('JPEG with EXIF orientation %i', async (orientation) => {
    const bytes = await photo(400, 300).jpeg().withMetadata({ orientation }).toBuffer()
    expect(readImageHeader(bytes)).toMatchObject({ type: 'jpeg', width: 400, height: 300, orientation })
  })

  it('JPEG whose SOF sits after a 40 KB EXIF block, read from the first 64 KB only', async () => {
    const bytes = await photo(640, 480)
      .jpeg()
      .withExif({ IFD0: { ImageDescription: 'x'.repeat(40_000) } })
      .toBuffer()
    expect(bytes.indexOf(Buffer.from([0xff, 0xc0]))).toBeGreaterThan(40_000)
    expect(readImageHeader(bytes.subarray(0, 64 * 1024))).toMatchObject({ type: 'jpeg', width: 640, height: 480 })
    // Cut before the SOF: still a JPEG, size unknown.
    const cut = readImageHeader(bytes.subarray(0, 20_000))
    expect(cut).toMatchObject({ type: 'jpeg' })
    expect([cut?.width, cut?.height]).toEqual([undefined, undefined])
  })

  it.each([
    ['8-bit RGB', () => photo().png(), { bitDepth: 8, colorType: 2, bitsPerPixel: 24, hasAlpha: false }],
    ['8-bit RGBA', () => rgba().png(), { bitDepth: 8, colorType: 6, bitsPerPixel: 32, hasAlpha: true }],
    ['8-bit palette', () => photo().png({ palette: true }), { colorType: 3, bitsPerPixel: 8, hasAlpha: false }],
    ['palette with transparency (tRNS)', () => rgba().png({ palette: true }), { colorType: 3, hasAlpha: true }],
    ['8-bit grey', () => photo().toColourspace('b-w').png(), { bitDepth: 8, colorType: 0, bitsPerPixel: 8, hasAlpha: false }],
    ['16-bit grey', () => photo().toColourspace('grey16').png(), { bitDepth: 16, colorType: 0, bitsPerPixel: 16 }],
    ['16-bit RGB', () => photo().toColourspace('rgb16').png(), { bitDepth: 16, colorType: 2, bitsPerPixel: 48 }],
    ['16-bit RGBA', () => rgba().toColourspace('rgb16').png(), { bitDepth: 16, colorType: 6, bitsPerPixel: 64, hasAlpha: true }],
  ] as Array<[string, () => Sharp, Record<string, number | boolean>]>)(
    'PNG %s: IHDR size, bit depth, colour type, bits per pixel',
    async (_name, make, expected) => {
      const bytes = await make().toBuffer()
      const meta = await sharp(bytes).metadata()
      expect(readImageHeader(bytes)).toMatchObject({ type: 'png', width: 40, height: 30, ...expected })
      expect(expected.bitDepth === undefined || meta.depth === (expected.bitDepth === 16 ? 'ushort' : 'uchar')).toBe(true)
    },
  )

  it('GIF: logical screen size; transparency from the graphic control extension', async () => {
    expect(readImageHeader(await photo(320, 200).gif().toBuffer())).toMatchObject({ type: 'gif', width: 320, height: 200 })
    // Hand-made header with a 2-colour table and no graphic control extension: opaque.
    const opaque = Buffer.from([...Buffer.from('GIF89a'), 0x40, 0x01, 0xc8, 0x00, 0x80, 0, 0, 0, 0, 0, 255, 255, 255, 0x2c])
    expect(readImageHeader(opaque)).toEqual({ type: 'gif', width: 320, height: 200, hasAlpha: false })
    const clear = await sharp({ create: { width: 16, height: 16, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .gif()
      .toBuffer()
    expect(readImageHeader(clear)).toMatchObject({ type: 'gif', width: 16, height: 16, hasAlpha: true })
  })

  it('BMP: bottom-up and top-down rows', () => {
    expect(readImageHeader(bmp(64, 48))).toEqual({ type: 'bmp', width: 64, height: 48, hasAlpha: false })
    expect(readImageHeader(bmp(64, 48, true))).toEqual({ type: 'bmp', width: 64, height: 48, hasAlpha: false })
  })

  it.each([
    ['lossy (VP8)', () => photo(1999, 33).webp(), false],
    ['lossless (VP8L)', () => photo(300, 200).webp({ lossless: true }), false],
    ['with alpha (VP8X)', () => rgba(300, 200).webp(), true],
  ])('WebP %s', async (_name, make, hasAlpha) => {
    const bytes = await make().toBuffer()
    const { width, height } = await sharp(bytes).metadata()
    expect(readImageHeader(bytes)).toEqual({ type: 'webp', width, height, hasAlpha })
  })

  it('not an image: text, PDF, empty, random bytes after a fake BMP signature', () => {
    expect(readImageHeader(new TextEncoder().encode('hello, world'))).toBeUndefined()
    expect(readImageHeader(new TextEncoder().encode('%PDF-1.7'))).toBeUndefined()
    expect(readImageHeader(new Uint8Array(0))).toBeUndefined()
    expect(readImageHeader(Buffer.concat([Buffer.from('BM'), Buffer.alloc(40, 0x37)]))).toBeUndefined()
  })

  it('a JPEG signature followed by garbage is a JPEG of unknown size: parsing stops where no marker is', () => {
    let s = 7
    const noise = Buffer.alloc(100_000, 0).map(() => (s = (s * 1103515245 + 12345) & 0x7fffffff) >> 16)
    noise[0] = 0x00
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.alloc(14), noise])
    expect(readImageHeader(fake)).toEqual({ type: 'jpeg', hasAlpha: false })
  })
})

describe('isHeif', () => {
  const box = (brand: string) => new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode(`ftyp${brand}`), 0, 0, 0, 0])
  it('knows an iPhone HEIC (and the other HEIF brands) by its ftyp box, and nothing else', () => {
    for (const brand of ['heic', 'heix', 'hevc', 'mif1']) expect(isHeif(box(brand))).toBe(true)
    for (const brand of ['avif', 'isom', 'mp42']) expect(isHeif(box(brand))).toBe(false)
    expect(isHeif(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe(false)
    expect(isHeif(new Uint8Array(0))).toBe(false)
  })
})
