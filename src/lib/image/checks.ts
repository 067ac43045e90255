import { InputError } from '../base/errors'
import { formatList, imageTypeOf, type ImageLimits } from './limits'

/**
 * The limits every vision API of the kit shares (JPEG/PNG/BMP/GIF, 3 MB): what `upload()` checks
 * when no operation is named. Kept for existing callers; new code reads the operation's own
 * `imageLimits` (e.g. `segmentCommonImageOperation.imageLimits`, which refuses GIF and > 1999 px).
 */
export const IMAGE_LIMITS = {
  maxBytes: 3 * 1024 * 1024,
  contentTypes: ['image/jpeg', 'image/png', 'image/bmp', 'image/gif'],
} as const

// CJK ideographs, kana, hangul, full-width forms and CJK punctuation: the APIs refuse URLs with them.
const CJK = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/

/** Checks an ImageURL before any request: http(s), no CJK characters, no whitespace. */
export function checkImageUrl(url: string): void {
  if (!/^https?:\/\/[^\s/?#]+/i.test(url)) {
    throw new InputError(
      'InvalidImageUrl',
      `Not an http(s) URL: ${url.slice(0, 80)}`,
      'Pass the full URL of the image, starting with https://.',
    )
  }
  if (CJK.test(url) || /\s/.test(url)) {
    throw new InputError(
      'InvalidImageUrl',
      'The image URL contains Chinese/CJK characters or spaces, which the vision APIs refuse',
      'Upload the image under an ASCII object key.',
    )
  }
}

/**
 * Checks the declared type and the size of an image about to be sent: against one operation's
 * `imageLimits` when given, else against the shared `IMAGE_LIMITS` (a number = its byte cap).
 */
export function checkImageFile(contentType: string, size: number | undefined, limits: ImageLimits | number = IMAGE_LIMITS.maxBytes): void {
  const own = typeof limits === 'number' ? undefined : limits
  const type = imageTypeOf(contentType)
  const accepted = own
    ? type !== undefined && own.formats.includes(type)
    : (IMAGE_LIMITS.contentTypes as readonly string[]).includes(contentType.toLowerCase())
  if (!accepted) {
    const list = own ? formatList(own.formats) : 'JPEG, PNG, BMP or GIF'
    throw new InputError(
      'UnsupportedImageType',
      `Images of type "${contentType}" are not supported${own ? ` by ${own.api}` : ''}`,
      `Use a ${list} photo, or re-encode it first (planImage says how).`,
    )
  }
  const maxBytes = own ? own.maxBytes : (limits as number)
  if (size !== undefined && size <= 0)
    throw new InputError('EmptyFile', 'The chosen file is empty (0 bytes)', 'Choose or take the photo again.')
  if (size !== undefined && size > maxBytes) {
    throw new InputError(
      'ImageTooLarge',
      `The image is ${size} bytes; ${own ? own.api : 'the API'} takes at most ${maxBytes}`,
      'Compress the photo or choose a smaller one.',
    )
  }
}

/** Sniffs the type from the first bytes (magic numbers), for files whose name or type lies. */
export function sniffImageType(head: Uint8Array): string | undefined {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg'
  if (head[0] === 0x89 && head[1] === 0x50 && head[2] === 0x4e && head[3] === 0x47) return 'image/png'
  if (head[0] === 0x47 && head[1] === 0x49 && head[2] === 0x46) return 'image/gif'
  if (head[0] === 0x42 && head[1] === 0x4d) return 'image/bmp'
  if (head[0] === 0x52 && head[1] === 0x49 && head[2] === 0x46 && head[3] === 0x46 && head[8] === 0x57) return 'image/webp'
  return undefined
}
