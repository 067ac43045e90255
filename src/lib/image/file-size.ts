import { InputError } from '../base/errors'

/** The one refusal of an empty file: a picker or camera that handed over 0 bytes. */
export function emptyFileError(): InputError {
  return new InputError('EmptyFile', 'The chosen file is empty (0 bytes)', 'Choose or take the photo again.')
}

/** `size` bytes are over what `who` (an API, the bucket) takes. */
export function fileTooLargeError(
  size: number,
  maxBytes: number,
  who: string,
  hint = 'Compress the photo or choose a smaller one.',
): InputError {
  return new InputError('ImageTooLarge', `The image is ${size} bytes; ${who} takes at most ${maxBytes}`, hint)
}

/** The one byte-count check before a file is sent: not empty, not over `maxBytes`. Unknown size passes. */
export function checkFileSize(size: number | undefined, maxBytes: number, who: string): void {
  if (size === undefined) return
  if (size <= 0) throw emptyFileError()
  if (size > maxBytes) throw fileTooLargeError(size, maxBytes, who)
}
