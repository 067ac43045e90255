// Image format by magic bytes, as the vision APIs decide it (the file name and Content-Type
// are not trusted). The viapi inputs accept JPEG, PNG, BMP and GIF.
export type ImageFormat = 'jpeg' | 'png' | 'bmp' | 'gif'

export function sniffImage(b: Buffer): ImageFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg'
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png'
  if (b.length >= 6 && (b.subarray(0, 6).toString('latin1') === 'GIF87a' || b.subarray(0, 6).toString('latin1') === 'GIF89a')) return 'gif'
  if (b.length >= 26 && b[0] === 0x42 && b[1] === 0x4d) return 'bmp'
  return null
}
