import type { UploadedObject } from '../oss/upload'
import { checkImageUrl } from '../image/checks'
import type { Operation } from '../operations'
import type { ImageInputDeps, ResolvedImage } from './image-input'
import { runOperation, type RunOperationDeps } from './run-operation'
import type { RunOptions } from './types'

/** An operation that reads one image by its URL: bank-card OCR, segmentation, and any declared like them. */
export type ImageOperation<R> = Operation<{ imageUrl: string }, R>

/** What an image operation answers: its result, and the object the kit uploaded for it, if any. */
export type ImageResult<R> = R & { object?: UploadedObject }

/**
 * Runs an image operation on a resolved image: the URL checked first (no CJK, no spaces). An
 * uploaded object's URL is made again for each attempt, so a retry after a credential refresh
 * never sends a URL signed with the replaced token.
 */
export async function runOnImage<R>(
  deps: RunOperationDeps & Pick<ImageInputDeps, 'imageUrlOf'>,
  operation: ImageOperation<R>,
  image: ResolvedImage,
  run: RunOptions = {},
): Promise<ImageResult<R>> {
  checkImageUrl(image.imageUrl)
  const { object } = image
  const perAttempt = object && (async () => ({ imageUrl: await deps.imageUrlOf(object) }))
  return { ...(await runOperation(deps, operation, { imageUrl: image.imageUrl }, run, perAttempt)), object }
}
