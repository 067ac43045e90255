import type { ImageLimits } from '../image/limits'
import type { Operation } from './operation'
import { MB, numberOf, textOf } from './read-answer'

export interface DetectedFace {
  /** Pixels from the top-left corner of the image. */
  boundary: { left: number; top: number; width: number; height: number }
  age?: number
  gender?: string
  /** 0…1 */
  confidence?: number
}

export interface FacesResult {
  faces: DetectedFace[]
  requestId: string
  /** True when the emulator answered (the box is derived from the image size, not found in it). */
  emulated: boolean
}

/**
 * IMM 2020-09-30 DetectImageFaces input. Its API page
 * (https://www.alibabacloud.com/help/en/imm/developer-reference/api-imm-2020-09-30-detectimagefaces)
 * only links a "Limits on images" page we could not read, so these are UNVERIFIED for this API:
 * formats JPEG/PNG/GIF (the earlier IMM version's image notes, https://help.aliyun.com/en/imm/user-guide/overview-2,
 * list JPG, PNG, BMP and GIF's first frame, converting WEBP/TIFF/HEIC itself); 20 MB, sides ≤ 30,000 px
 * and ≤ 250 million pixels are IMM's image-processing bounds for OSS-hosted images (the IMM label
 * detection page of OSS data processing). The earlier version allowed 100 MB. No minimum documented.
 *
 * Target 2048 px long side: faces are a small part of most photos (a face a twentieth of the frame
 * is still ~100 px across at 2048), while 12 MP only makes detection slower.
 */
export const FACES_IMAGE_LIMITS: ImageLimits = {
  api: 'DetectImageFaces',
  maxBytes: 20 * MB,
  maxWidth: 30_000,
  maxHeight: 30_000,
  maxPixels: 250_000_000,
  formats: ['jpeg', 'png', 'gif'],
  targetLongSide: 2048,
}

/** IMM 2020-09-30 DetectImageFaces on an object given as `oss://<bucket>/<key>`, inside an IMM project. */
export const detectImageFacesOperation: Operation<{ projectName: string; sourceUri: string }, FacesResult> = {
  product: 'imm',
  cloudEndpoint: 'https://imm.cn-shanghai.aliyuncs.com',
  action: 'DetectImageFaces',
  version: '2020-09-30',
  ramAction: 'imm:DetectImageFaces',
  ramScope: 'imm-project',
  imageLimits: FACES_IMAGE_LIMITS,
  reference: 'https://www.alibabacloud.com/help/en/imm/developer-reference/api-imm-2020-09-30-detectimagefaces',
  unverifiedLimits: true,
  toParams: ({ projectName, sourceUri }) => ({ ProjectName: projectName, SourceURI: sourceUri }),
  parseResult(body) {
    const faces = Array.isArray(body.Faces) ? (body.Faces as Array<Record<string, unknown>>) : []
    return {
      faces: faces.map((f) => {
        const b = (f.Boundary ?? {}) as Record<string, unknown>
        return {
          boundary: { left: numberOf(b.Left), top: numberOf(b.Top), width: numberOf(b.Width), height: numberOf(b.Height) },
          age: typeof f.Age === 'number' ? f.Age : undefined,
          gender: typeof f.Gender === 'string' ? f.Gender : undefined,
          confidence: typeof f.FaceConfidence === 'number' ? f.FaceConfidence : undefined,
        }
      }),
      requestId: textOf(body.RequestId),
      emulated: body.Emulated === true,
    }
  },
}
