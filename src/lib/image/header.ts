import type { ImageType } from './limits'

/** What the first bytes of an image say about it. */
export interface ImageHeader {
  type: ImageType
  /** Pixels as stored (before any EXIF rotation); absent when the bytes end before the size. */
  width?: number
  height?: number
  /** EXIF orientation 1…8 (JPEG); 5…8 mean the photo is shown rotated by 90°. */
  orientation?: number
  /** PNG bit depth per channel (1, 2, 4, 8, 16) and colour type (0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA). */
  bitDepth?: number
  colorType?: number
  /** PNG bits per pixel: bit depth × channels (24 = 8-bit RGB, 32 = 8-bit RGBA, 64 = 16-bit RGBA). */
  bitsPerPixel?: number
  /** Whether the image may have transparent pixels (PNG alpha or tRNS, GIF transparency, WebP alpha). */
  hasAlpha?: boolean
}

const u16be = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1]
const u16le = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8)
const u32be = (b: Uint8Array, i: number) => ((b[i] << 24) >>> 0) + (b[i + 1] << 16) + (b[i + 2] << 8) + b[i + 3]
const u32le = (b: Uint8Array, i: number) => ((b[i + 3] << 24) >>> 0) + (b[i + 2] << 16) + (b[i + 1] << 8) + b[i]
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...Array.from(b.subarray(i, i + n)))

/**
 * Reads true type and pixel size from an image's first bytes (pass the first 64 KB or more: a
 * JPEG's size follows its EXIF block). Pure: no decoding, no platform APIs. Undefined when the
 * bytes are not a JPEG, PNG, GIF, BMP or WebP; a header without width/height when they end early
 * or the structure is broken.
 */
export function readImageHeader(b: Uint8Array): ImageHeader | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return jpeg(b)
  if (b.length >= 8 && u32be(b, 0) === 0x89504e47 && u32be(b, 4) === 0x0d0a1a0a) return png(b)
  if (b.length >= 6 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) return gif(b)
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return webp(b)
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return bmp(b)
  return undefined
}

// Start-of-frame markers carry the size: baseline, progressive, lossless, arithmetic (not DHT C4, JPG C8, DAC CC).
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])

function jpeg(b: Uint8Array): ImageHeader {
  const out: ImageHeader = { type: 'jpeg', hasAlpha: false }
  let i = 2
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return out // not at a marker: broken structure, size unknown
    const marker = b[i + 1]
    if (marker === 0xff) {
      i++
      continue
    } // fill byte
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2
      continue
    } // no length
    if (marker === 0xd9 || marker === 0xda) return out // end of image / start of scan before any frame header
    const len = u16be(b, i + 2)
    if (len < 2) return out
    if (SOF.has(marker)) {
      if (i + 9 > b.length) return out
      return { ...out, height: u16be(b, i + 5), width: u16be(b, i + 7) }
    }
    if (marker === 0xe1 && i + 10 <= b.length && ascii(b, i + 4, 6) === 'Exif\0\0') {
      const orientation = exifOrientation(b, i + 10, Math.min(b.length, i + 2 + len))
      if (orientation) out.orientation = orientation
    }
    i += 2 + len
  }
  return out
}

/** Orientation (tag 0x0112) from IFD0 of the TIFF block at `t`; undefined when absent or out of range. */
function exifOrientation(b: Uint8Array, t: number, end: number): number | undefined {
  if (t + 8 > end) return undefined
  const le = b[t] === 0x49 && b[t + 1] === 0x49
  if (!le && !(b[t] === 0x4d && b[t + 1] === 0x4d)) return undefined
  const r16 = (i: number) => (le ? u16le(b, i) : u16be(b, i))
  const r32 = (i: number) => (le ? u32le(b, i) : u32be(b, i))
  const ifd = t + r32(t + 4)
  if (ifd + 2 > end) return undefined
  const count = r16(ifd)
  for (let k = 0; k < count; k++) {
    const e = ifd + 2 + k * 12
    if (e + 12 > end) return undefined
    if (r16(e) === 0x0112) {
      const v = r16(e + 8)
      return v >= 1 && v <= 8 ? v : undefined
    }
  }
  return undefined
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

function png(b: Uint8Array): ImageHeader {
  if (b.length < 29 || ascii(b, 12, 4) !== 'IHDR') return { type: 'png' }
  const bitDepth = b[24]
  const colorType = b[25]
  const channels = PNG_CHANNELS[colorType]
  let hasAlpha = colorType === 4 || colorType === 6
  // A tRNS chunk (before the first IDAT) gives palette or grey/RGB images transparency.
  for (let i = 33; !hasAlpha && i + 8 <= b.length;) {
    const type = ascii(b, i + 4, 4)
    if (type === 'IDAT' || type === 'IEND') break
    if (type === 'tRNS') hasAlpha = true
    i += 12 + u32be(b, i)
  }
  return {
    type: 'png',
    width: u32be(b, 16),
    height: u32be(b, 20),
    bitDepth,
    colorType,
    bitsPerPixel: channels ? bitDepth * channels : undefined,
    hasAlpha,
  }
}

function gif(b: Uint8Array): ImageHeader {
  if (b.length < 10) return { type: 'gif' }
  const out: ImageHeader = { type: 'gif', width: u16le(b, 6), height: u16le(b, 8), hasAlpha: false }
  // Transparency lives in a Graphic Control Extension before the first image descriptor.
  let i = 13 + (b[10] & 0x80 ? 3 * (1 << ((b[10] & 7) + 1)) : 0)
  while (i + 3 < b.length && b[i] === 0x21) {
    if (b[i + 1] === 0xf9 && b[i + 2] === 4 && b[i + 3] & 1) return { ...out, hasAlpha: true }
    i += 2
    while (i < b.length && b[i] !== 0) i += b[i] + 1 // data sub-blocks
    i++
  }
  return out
}

function webp(b: Uint8Array): ImageHeader {
  const chunk = b.length >= 16 ? ascii(b, 12, 4) : ''
  if (chunk === 'VP8 ' && b.length >= 30 && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { type: 'webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff, hasAlpha: false }
  }
  if (chunk === 'VP8L' && b.length >= 25 && b[20] === 0x2f) {
    const bits = u32le(b, 21)
    return { type: 'webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, hasAlpha: ((bits >>> 28) & 1) === 1 }
  }
  if (chunk === 'VP8X' && b.length >= 30) {
    const w = b[24] | (b[25] << 8) | (b[26] << 16)
    const h = b[27] | (b[28] << 8) | (b[29] << 16)
    return { type: 'webp', width: w + 1, height: h + 1, hasAlpha: (b[20] & 0x10) !== 0 }
  }
  return { type: 'webp' }
}

function bmp(b: Uint8Array): ImageHeader | undefined {
  if (b.length < 18) return { type: 'bmp' }
  const dib = u32le(b, 14)
  // A real BMP has one of the documented DIB header sizes; anything else starting with "BM" is not one.
  if (![12, 40, 52, 56, 64, 108, 124].includes(dib)) return undefined
  if (dib === 12) return b.length >= 22 ? { type: 'bmp', width: u16le(b, 18), height: u16le(b, 20), hasAlpha: false } : { type: 'bmp' }
  if (b.length < 26) return { type: 'bmp' }
  const h = u32le(b, 22) | 0 // signed: negative = top-down rows
  return { type: 'bmp', width: u32le(b, 18) | 0, height: Math.abs(h), hasAlpha: false }
}

/**
 * Whether the bytes start an HEIF file (ISO/IEC 23008-12: an `ftyp` box whose major brand is
 * heic/heix/heim/heis, hevc/hevx or the generic mif1/msf1), the format iPhones save photos in. No
 * vision API takes it, and readImageHeader does not read it: a phone's own decoder has to
 * re-encode it first.
 */
export const isHeif = (b: Uint8Array) => /^ftyp(he(i[cxms]|v[cx])|m[is]f1)$/.test(ascii(b, 4, 8))
