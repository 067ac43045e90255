/**
 * `viapi-miniprogram-core/image`: what the vision APIs document about input images, and the checks
 * and planning the kit runs before an upload (header reading, limit violations, the resize plan).
 * For an app that prepares photos itself (the template's `src/services/images.ts` does).
 */
export { imageTypeOf, contentTypeOf, contentTypeOfPath, formatList } from './limits'
export type { ImageLimits, ImageType } from './limits'
export { checkImageUrl, checkImageFile, sniffImageType, SHARED_IMAGE_LIMITS } from './checks'
export { checkFileSize, emptyFileError } from './file-size'
export { isHeif, readImageHeader } from './header'
export type { ImageHeader } from './header'
export { limitViolations, checkImageFits, displayedSize } from './fit'
export type { ImageFacts } from './fit'
export { planImage, replanSmaller } from './plan'
export type { ImagePlan, PlannedFormat, PlanOptions } from './plan'
