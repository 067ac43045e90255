// Minimal BMP decoder (uncompressed 24/32-bit) to RGBA, because sharp/libvips has no BMP loader
// and SegmentCommonImage accepts BMP input.
export interface RawImage {
  width: number
  height: number
  /** RGBA, 4 bytes per pixel, top row first. */
  data: Buffer
}

export function decodeBmp(b: Buffer): RawImage {
  const offset = b.readUInt32LE(10)
  const width = b.readInt32LE(18)
  const rawHeight = b.readInt32LE(22)
  const bpp = b.readUInt16LE(28)
  const compression = b.readUInt32LE(30)
  if (width <= 0 || rawHeight === 0 || (bpp !== 24 && bpp !== 32) || (compression !== 0 && compression !== 3)) {
    throw new Error('unsupported BMP variant')
  }
  const height = Math.abs(rawHeight)
  const bottomUp = rawHeight > 0
  const stride = Math.floor((bpp * width + 31) / 32) * 4
  if (offset + stride * height > b.length) throw new Error('truncated BMP')
  const out = Buffer.alloc(width * height * 4)
  const step = bpp / 8
  for (let y = 0; y < height; y++) {
    const row = offset + (bottomUp ? height - 1 - y : y) * stride
    for (let x = 0; x < width; x++) {
      const src = row + x * step
      const dst = (y * width + x) * 4
      out[dst] = b[src + 2]
      out[dst + 1] = b[src + 1]
      out[dst + 2] = b[src]
      out[dst + 3] = 255 // BMP alpha is rarely meaningful; treat as opaque
    }
  }
  return { width, height, data: out }
}
