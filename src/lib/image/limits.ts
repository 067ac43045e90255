/** Image formats as their bytes say, not as a file name or Content-Type claims. */
export type ImageType = 'jpeg' | 'png' | 'gif' | 'bmp' | 'webp'

/**
 * What one vision API documents about its input image. Each operation in `src/lib/operations/` carries
 * one, next to the link it was read from; a bound the vendor does not document is left out (and
 * the declaration says so), so nothing here is a guess presented as a rule.
 */
export interface ImageLimits {
  /** The API's name as its docs spell it, used in messages. */
  api: string
  /** Largest file, in bytes. */
  maxBytes: number
  /** Smallest width and height in pixels, inclusive. Absent = not documented. */
  minWidth?: number
  minHeight?: number
  /** Largest width and height in pixels, inclusive. Absent = not documented. */
  maxWidth?: number
  maxHeight?: number
  /** Most pixels (width × height). Absent = not documented. */
  maxPixels?: number
  /** Formats the API reads; anything else must be re-encoded first. */
  formats: readonly ImageType[]
  /**
   * PNG layouts accepted, as bits per pixel (bit depth × channels: 24 = 8-bit RGB, 32 = 8-bit
   * RGBA). Absent = every PNG the format allows.
   */
  pngBitsPerPixel?: readonly number[]
  /**
   * Long side the kit prepares photos to: large enough for the API's recognition quality, small
   * enough to upload fast on a phone. Always within the documented maximum.
   */
  targetLongSide: number
}

/** `image/jpeg` → `jpeg`; undefined for anything that is not one of the five. */
export function imageTypeOf(contentType: string): ImageType | undefined {
  const t = contentType.toLowerCase().split(';')[0].trim()
  if (t === 'image/jpeg' || t === 'image/jpg' || t === 'image/pjpeg') return 'jpeg'
  if (t === 'image/png' || t === 'image/gif' || t === 'image/bmp' || t === 'image/webp') return t.slice(6) as ImageType
  return undefined
}

/** The one extension table: a file name is the last resort for a type (bytes and headers come first). */
const TYPE_BY_EXTENSION: Readonly<Record<string, ImageType>> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  gif: 'gif',
  bmp: 'bmp',
  webp: 'webp',
}

/** `a/photo.JPG?x=1` → `image/jpeg`; undefined when the extension names none of the five. */
export function contentTypeOfPath(path: string): string | undefined {
  const type = TYPE_BY_EXTENSION[path.split(/[?#]/)[0].split('.').pop()?.toLowerCase() || '']
  return type && contentTypeOf(type)
}

/** `jpeg` → `image/jpeg`. */
export function contentTypeOf(type: ImageType): string {
  return `image/${type}`
}

/** `JPEG, PNG or BMP`, for messages. */
export function formatList(types: readonly ImageType[]): string {
  const names = types.map((t) => t.toUpperCase())
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`
}
