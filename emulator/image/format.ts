// Image format and geometry by the bytes, as the vision APIs decide it (the file name and
// Content-Type are not trusted). Written for the emulator on Node's Buffer, independently of the
// client's header reader in src/lib, so a parsing bug on one side cannot hide the same bug on the other.
export type ImageFormat = 'jpeg' | 'png' | 'bmp' | 'gif' | 'webp'

export interface ImageInfo {
  format: ImageFormat
  width: number
  height: number
  /** PNG only: bits per sample and IHDR colour type; bits per pixel = depth × samples per pixel. */
  png?: { bitDepth: number; colorType: number; bitsPerPixel: number }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

export function sniffImage(b: Buffer): ImageFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png'
  if (b.length >= 6 && (b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a')) return 'gif'
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp'
  if (b.length >= 16 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'webp'
  return null
}

/** Format plus pixel size, or null when the bytes are no image of a known format or its header is broken. */
export function inspectImage(b: Buffer): ImageInfo | null {
  const format = sniffImage(b)
  if (!format) return null
  try {
    const size = SIZE_READERS[format](b)
    if (!size || size.width <= 0 || size.height <= 0) return null
    return { format, ...size }
  } catch {
    return null // ran past the end of a truncated header
  }
}

type Size = Omit<ImageInfo, 'format'>

const SAMPLES_PER_PIXEL: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }

const SIZE_READERS: Record<ImageFormat, (b: Buffer) => Size | null> = {
  jpeg(b) {
    // Walk the marker segments up to the first start-of-frame (SOFn except DHT/JPG/DAC).
    let at = 2
    for (;;) {
      while (b[at] === 0xff && b[at + 1] === 0xff) at++
      if (b[at] !== 0xff) return null
      const marker = b[at + 1]
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        at += 2
        continue
      }
      if (marker === 0xda || marker === 0xd9) return null
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: b.readUInt16BE(at + 5), width: b.readUInt16BE(at + 7) }
      }
      at += 2 + b.readUInt16BE(at + 2)
    }
  },
  png(b) {
    if (b.toString('latin1', 12, 16) !== 'IHDR') return null
    const bitDepth = b[24]
    const colorType = b[25]
    const samples = SAMPLES_PER_PIXEL[colorType]
    if (!samples) return null
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), png: { bitDepth, colorType, bitsPerPixel: bitDepth * samples } }
  },
  gif(b) {
    return { width: b.readUInt16LE(6), height: b.readUInt16LE(8) }
  },
  bmp(b) {
    const headerSize = b.readUInt32LE(14)
    if (headerSize === 12) return { width: b.readUInt16LE(18), height: b.readUInt16LE(20) }
    if (headerSize < 40) return null
    return { width: b.readInt32LE(18), height: Math.abs(b.readInt32LE(22)) }
  },
  webp(b) {
    const chunk = b.toString('latin1', 12, 16)
    if (chunk === 'VP8X') return { width: b.readUIntLE(24, 3) + 1, height: b.readUIntLE(27, 3) + 1 }
    if (chunk === 'VP8L') {
      if (b[20] !== 0x2f) return null
      const v = b.readUInt32LE(21)
      return { width: (v & 0x3fff) + 1, height: ((v >> 14) & 0x3fff) + 1 }
    }
    if (chunk === 'VP8 ') {
      if (b.readUIntBE(23, 3) !== 0x9d012a) return null
      return { width: b.readUInt16LE(26) & 0x3fff, height: b.readUInt16LE(28) & 0x3fff }
    }
    return null
  },
}
