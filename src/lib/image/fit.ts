import { InputError } from '../base/errors'
import { emptyFileError, fileTooLargeError } from './file-size'
import type { ImageHeader } from './header'
import { formatList, type ImageLimits } from './limits'

/**
 * What the kit knows about an image: its header (`readImageHeader`; `type` undefined = no image
 * the kit knows) plus the file size in bytes.
 */
export type ImageFacts = Partial<ImageHeader> & { bytes: number }

const PREPARE_HINT = 'Prepare the photo first: planImage() says how.'

/** Width × height as shown: EXIF orientations 5…8 swap them. */
export function displayedSize(facts: ImageFacts): { width: number; height: number } | undefined {
  if (facts.width === undefined || facts.height === undefined) return undefined
  return facts.orientation !== undefined && facts.orientation >= 5
    ? { width: facts.height, height: facts.width }
    : { width: facts.width, height: facts.height }
}

/**
 * Every documented limit the image breaks, each as a typed InputError naming the limit and the
 * fix, in the order a fix would address them (type, PNG layout,
 * too small, too large in pixels, too many bytes). Empty = the API takes it as it is. Checks only
 * what the facts say: without width/height, dimensions are not checked.
 */
export function limitViolations(limits: ImageLimits, facts: ImageFacts): InputError[] {
  const out: InputError[] = []
  const api = limits.api
  if (facts.bytes <= 0) return [emptyFileError()]
  if (!facts.type) {
    return [
      new InputError(
        'NotAnImage',
        `The file is not an image ${api} can read (${formatList(limits.formats)})`,
        'Choose a photo (JPEG or PNG) and try again.',
      ),
    ]
  }
  if (!limits.formats.includes(facts.type)) {
    out.push(
      new InputError(
        'UnsupportedImageType',
        `${api} does not take ${facts.type.toUpperCase()} images; it takes ${formatList(limits.formats)}`,
        `Re-encode the photo as JPEG or PNG. ${PREPARE_HINT}`,
      ),
    )
  }
  if (
    facts.type === 'png' &&
    limits.pngBitsPerPixel &&
    facts.bitsPerPixel !== undefined &&
    !limits.pngBitsPerPixel.includes(facts.bitsPerPixel)
  ) {
    out.push(
      new InputError(
        'UnsupportedPngLayout',
        `${api} does not take ${facts.bitsPerPixel}-bit PNG; it takes ${limits.pngBitsPerPixel.join('- or ')}-bit (8 bits per channel RGB or RGBA)`,
        `Re-encode as 8-bit RGB(A) PNG or as JPEG. ${PREPARE_HINT}`,
      ),
    )
  }
  const size = displayedSize(facts)
  if (size) {
    const { width, height } = size
    const minW = limits.minWidth || 1
    const minH = limits.minHeight || 1
    if (width < minW || height < minH) {
      out.push(
        new InputError(
          'ImageTooSmall',
          `${api} needs at least ${minW}×${minH} px; this image is ${width}×${height}`,
          'Use a larger photo: enlarging a tiny image adds no detail.',
        ),
      )
    }
    const maxW = limits.maxWidth || Infinity
    const maxH = limits.maxHeight || Infinity
    if (width > maxW || height > maxH || (limits.maxPixels !== undefined && width * height > limits.maxPixels)) {
      const bound = limits.maxPixels !== undefined && width <= maxW && height <= maxH ? `${limits.maxPixels} pixels` : `${maxW}×${maxH} px`
      out.push(
        new InputError(
          'ImageResolutionTooHigh',
          `${api} takes images up to ${bound}; this image is ${width}×${height}`,
          `Resize the photo. ${PREPARE_HINT}`,
        ),
      )
    }
  }
  if (facts.bytes > limits.maxBytes) {
    out.push(fileTooLargeError(facts.bytes, limits.maxBytes, api, `Compress or resize the photo. ${PREPARE_HINT}`))
  }
  return out
}

/** Throws the first violated limit as an InputError; returns when the API takes the image as it is. */
export function checkImageFits(limits: ImageLimits, facts: ImageFacts): void {
  const [first] = limitViolations(limits, facts)
  if (first) throw first
}
