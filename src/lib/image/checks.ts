import { InputError } from '../base/errors'
import { checkFileSize } from './file-size'
import { formatList, imageTypeOf, type ImageLimits } from './limits'

/**
 * What `upload()` checks when no operation is named: the formats and bytes every vision API of the
 * kit takes (JPEG/PNG/BMP/GIF, 3 MB). An operation's own `imageLimits` are stricter where it says so.
 */
export const SHARED_IMAGE_LIMITS: ImageLimits = {
  api: 'the vision APIs',
  maxBytes: 3 * 1024 * 1024,
  formats: ['jpeg', 'png', 'bmp', 'gif'],
  targetLongSide: 1600,
}

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

/** Checks the declared type and the size of an image about to be sent, against one operation's `imageLimits`. */
export function checkImageFile(contentType: string, size: number | undefined, limits: ImageLimits = SHARED_IMAGE_LIMITS): void {
  const type = imageTypeOf(contentType)
  if (!type || !limits.formats.includes(type)) {
    throw new InputError(
      'UnsupportedImageType',
      `Images of type "${contentType}" are not supported by ${limits.api}`,
      `Use a ${formatList(limits.formats)} photo, or re-encode it first (planImage says how).`,
    )
  }
  checkFileSize(size, limits.maxBytes, limits.api)
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
