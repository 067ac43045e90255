import { KitError } from '../base/errors'
import type { ImageLimits } from '../image/limits'
import type { Operation } from './operation'
import { dataOf, MB, textOf } from './read-answer'

export interface SegmentResult {
  /** Temporary URL of the cut-out (PNG with alpha). */
  imageUrl: string
  requestId: string
}

/**
 * SegmentCommonImage input (https://help.aliyun.com/en/document_detail/133974.html and the API
 * reference https://api.aliyun.com/api/imageseg/2019-12-30/SegmentCommonImage, section 输入限制,
 * read from the published metadata `zh_cn/imageseg/2019-12-30/api-docs.json`, 2025-12): JPEG,
 * JPG, PNG "except 8-, 16- and 64-bit PNG", BMP, WEBP (so no GIF); at most 3 MB; "more than
 * 32×32 px, less than 2000×2000 px, longest side ≤ 1999 px"; no CJK characters in the URL.
 * Reading "8/16/64-bit" as bits per pixel (palette/grey 8, grey 16 or grey+alpha 8, RGBA 16) leaves
 * 24-bit RGB and 32-bit RGBA; 1/2/4-bit and 48-bit (RGB 16) PNG are not named either way, so only
 * 24 and 32 are declared accepted.
 *
 * Target 1999 px long side, the documented maximum: the cut-out comes back at the input's size, so
 * every pixel allowed is edge detail kept.
 */
export const SEGMENT_IMAGE_LIMITS: ImageLimits = {
  api: 'SegmentCommonImage',
  maxBytes: 3 * MB,
  minWidth: 33,
  minHeight: 33,
  maxWidth: 1999,
  maxHeight: 1999,
  formats: ['jpeg', 'png', 'bmp', 'webp'],
  pngBitsPerPixel: [24, 32],
  targetLongSide: 1999,
}

export const segmentCommonImageOperation: Operation<{ imageUrl: string; returnForm?: 'mask' | 'whiteBK' | 'crop' }, SegmentResult> = {
  product: 'imageseg',
  cloudEndpoint: 'https://imageseg.cn-shanghai.aliyuncs.com',
  action: 'SegmentCommonImage',
  version: '2019-12-30',
  ramAction: 'viapi-imageseg:SegmentCommonImage',
  imageLimits: SEGMENT_IMAGE_LIMITS,
  reference: 'https://api.aliyun.com/api/imageseg/2019-12-30/SegmentCommonImage',
  toParams: ({ imageUrl, returnForm }) => ({ ImageURL: imageUrl, ...(returnForm ? { ReturnForm: returnForm } : {}) }),
  parseResult(body) {
    const d = dataOf(body, 'SegmentCommonImage')
    const imageUrl = textOf(d.ImageURL)
    if (!imageUrl) throw new KitError('InvalidResponse', 'SegmentCommonImage answered without Data.ImageURL')
    return { imageUrl, requestId: textOf(body.RequestId) }
  },
}
