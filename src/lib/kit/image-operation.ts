import type { UploadedObject } from '../oss/upload'
import { checkImageUrl } from '../viapi/image-checks'
import type { Operation } from '../viapi/operations'
import type { ResolvedImage } from './image-input'
import { runOperation, type RunOperationDeps } from './run-operation'
import type { RunOptions } from './types'

/** An operation that reads one image by its URL: bank-card OCR, segmentation, and any declared like them. */
export type ImageOperation<R> = Operation<{ imageUrl: string }, R>

/** What an image operation answers: its result, and the object the kit uploaded for it, if any. */
export type ImageResult<R> = R & { object?: UploadedObject }

/** Runs an image operation on a resolved image: the URL checked first (no CJK, no spaces). */
export async function runOnImage<R>(deps: RunOperationDeps, operation: ImageOperation<R>, image: ResolvedImage, run: RunOptions = {}): Promise<ImageResult<R>> {
  checkImageUrl(image.imageUrl)
  return { ...(await runOperation(deps, operation, { imageUrl: image.imageUrl }, run)), object: image.object }
}
