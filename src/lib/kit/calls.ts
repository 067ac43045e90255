import { InputError, KitError } from '../base/errors'
import type { MemoizedProvider } from '../credentials/memoize'
import type { StsGrant } from '../base/credentials'
import { ossUriOf } from '../oss/shanghai-url'
import type { UploadedObject } from '../oss/upload'
import { detectImageFacesOperation, type FacesResult } from '../operations'
import { resolveImage, type ImageInputDeps } from './image-input'
import { runOnImage, type ImageOperation, type ImageResult } from './image-operation'
import { runOperation, type RunOperationDeps } from './run-operation'
import type { LocalImage, RemoteImage, RunOptions } from './types'

/** What the vision calls need from the kit. */
export interface CallsDeps extends ImageInputDeps, RunOperationDeps {
  grant: MemoizedProvider<StsGrant>
  /** IMM project the backend's session policy allows. */
  immProject?: string
}

type ImageInput = LocalImage | RemoteImage | string

/** The kit's vision calls: each resolves its input, then runs its operation. */
export function createCalls(deps: CallsDeps) {
  return {
    /**
     * An image operation on a photo (uploaded and fitted first), an image URL used as it is, or a
     * remote image (`{url}`: used as it is in Shanghai OSS, else downloaded and uploaded first).
     */
    async recognize<R>(operation: ImageOperation<R>, image: ImageInput, run: RunOptions = {}): Promise<ImageResult<R>> {
      return runOnImage(deps, operation, await resolveImage(deps, image, run, operation.imageLimits), run)
    },

    async detectImageFaces(
      image: ImageInput,
      options: RunOptions & { projectName?: string } = {},
    ): Promise<FacesResult & { object?: UploadedObject }> {
      const projectName = options.projectName ?? deps.immProject
      if (!projectName)
        throw new KitError('NoImmProject', 'No IMM project given', {
          hint: 'Pass projectName or set immProject (the backend’s IMM_PROJECT).',
        })
      const { imageUrl, object } = await resolveImage(deps, image, options, detectImageFacesOperation.imageLimits)
      const grant = await deps.grant()
      const sourceUri = object ? `oss://${object.bucket}/${object.key}` : ossUriOf(imageUrl, grant.oss)
      if (!sourceUri)
        throw new InputError('NotInOss', 'IMM reads images from OSS only', 'Upload the photo first, or pass an OSS Shanghai URL.')
      return { ...(await runOperation(deps, detectImageFacesOperation, { projectName, sourceUri }, options)), object }
    },
  }
}
