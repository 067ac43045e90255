import { InputError, ServiceError } from '../lib'

/**
 * Cloud codes that refuse the photo itself (its bytes, format, size or content), not the request:
 * OSS EntityTooLarge, the viapi InvalidImage.* / InvalidFile.* image checks. InvalidImage.Download
 * and InvalidImage.Region are left out: they are about where the image is stored, not the photo.
 * Vendor pages: docs/platform-contracts.md#cloud-error-codes-the-kit-acts-on.
 */
const PHOTO_REFUSED_CODES = new Set([
  'EntityTooLarge',
  'InvalidImage.Format',
  'InvalidImage.Size',
  'InvalidImage.Content',
  'InvalidFile.Content',
  'InvalidFile.Resolution',
])

/**
 * The input itself was refused: not an image, an empty file, a type the API takes no photo of, a
 * comment too long… Sending the same input again fails the same way, so the screen offers only
 * "choose another" (no retry) and shows no preview of a file that may not be an image at all.
 * Network, session and other service failures are not: the same input may succeed next time.
 */
export function isRefusedInput(err: unknown): boolean {
  if (err instanceof InputError) return true
  return err instanceof ServiceError && PHOTO_REFUSED_CODES.has(err.code)
}
