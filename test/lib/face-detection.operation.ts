// An operation on a product the kit does not call at all (facebody), declared exactly as
// src/lib/operations/ declares its own: the declaration and its result type, nothing else.
// add-product.test.ts adds it to CLIENT_OPERATIONS and follows the new product to every consumer.
// (Only type imports from operations/: the test's module mock loads this file while it builds
// that module.)
import { KitError } from '../../src/lib/base/errors'
import type { Operation } from '../../src/lib/operations'

export interface DetectFaceResult {
  /** One box per face, pixels from the top-left corner. */
  faces: Array<{ left: number; top: number; width: number; height: number }>
  requestId: string
}

/**
 * facebody 2019-12-30 DetectFace (`ImageURL`; answers `Data.FaceCount` and `Data.FaceRectangles`,
 * four numbers per face — left, top, width, height — as the official facebody20191230 SDKs model
 * it). Limits UNVERIFIED: the viapi 2019-12-30 family's JPEG/PNG/BMP and 3 MB, not read from this
 * API's page.
 */
export const detectFaceOperation: Operation<{ imageUrl: string }, DetectFaceResult> = {
  product: 'facebody',
  cloudEndpoint: 'https://facebody.cn-shanghai.aliyuncs.com',
  action: 'DetectFace',
  version: '2019-12-30',
  ramAction: 'viapi-facebody:DetectFace',
  imageLimits: { api: 'DetectFace', maxBytes: 3 * 1024 * 1024, formats: ['jpeg', 'png', 'bmp'], targetLongSide: 2048 },
  reference: 'https://api.aliyun.com/api/facebody/2019-12-30/DetectFace',
  unverifiedLimits: true,
  toParams: ({ imageUrl }) => ({ ImageURL: imageUrl }),
  parseResult(body) {
    const d = body.Data as { FaceCount?: unknown; FaceRectangles?: unknown } | undefined
    if (!d || !Array.isArray(d.FaceRectangles)) throw new KitError('InvalidResponse', 'DetectFace answered without Data.FaceRectangles')
    const r = d.FaceRectangles.map(Number)
    const faces = Array.from({ length: Math.floor(r.length / 4) }, (_, i) => ({
      left: r[4 * i],
      top: r[4 * i + 1],
      width: r[4 * i + 2],
      height: r[4 * i + 3],
    }))
    return { faces, requestId: typeof body.RequestId === 'string' ? body.RequestId : '' }
  },
}
