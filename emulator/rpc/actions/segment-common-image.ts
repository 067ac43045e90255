// imageseg 2019-12-30 SegmentCommonImage: matting by border colour; the result is served as a
// temporary URL like the real service's (which expires after ~30 minutes).
import { randomBytes } from 'node:crypto'
import { segmentImage, type ReturnForm } from '../../image/segment'
import { RpcError } from '../errors'
import { loadImage, type InputImageRules } from '../image-source'
import type { RpcAction } from './types'

/**
 * Documented input (https://help.aliyun.com/en/document_detail/133974.html; API reference 输入限制:
 * https://api.aliyun.com/api/imageseg/2019-12-30/SegmentCommonImage, metadata
 * zh_cn/imageseg/2019-12-30/api-docs.json): JPEG, JPG, PNG "but not 8-, 16- or 64-bit PNG", BMP,
 * WEBP — no GIF; ≤ 3 MB (`maxImageBytes`); "more than 32×32 px, less than 2000×2000 px, longest
 * side ≤ 1999 px". PNG bits per pixel: the page refuses 8 (palette, grey), 16 (grey 16, grey+alpha 8)
 * and 64 (RGBA 16); it names no other layout, and this emulator is strict: only 24 (RGB 8) and
 * 32 (RGBA 8) pass, so 48-bit RGB and 1/2/4-bit PNG are refused too (undocumented either way).
 */
export const SEGMENT_INPUT: InputImageRules = {
  formats: ['jpeg', 'png', 'bmp', 'webp'],
  minWidth: 33,
  minHeight: 33,
  maxWidth: 1999,
  maxHeight: 1999,
  pngBitsPerPixel: [24, 32],
}

const FORMS: ReturnForm[] = ['default', 'mask', 'whiteBK', 'crop']

export const segmentCommonImage: RpcAction = {
  action: 'SegmentCommonImage',
  version: '2019-12-30',
  service: 'imageseg',
  ramAction: 'viapi-imageseg:SegmentCommonImage',
  async run({ state, params, requestId }) {
    const form = (params.ReturnForm || 'default') as ReturnForm
    if (!FORMS.includes(form)) throw new RpcError(400, 'InvalidParameter', 'ReturnForm must be mask, whiteBK or crop when set.')
    const image = loadImage(state, params, SEGMENT_INPUT)
    let png: Buffer
    try {
      png = await segmentImage(image.bytes, image.format, form)
    } catch {
      throw new RpcError(400, 'InvalidFile.Content', 'The content format of the image or video is invalid.')
    }
    const id = randomBytes(16).toString('hex')
    state.results.set(id, { body: png, expiresAt: state.clock.now() + state.options.resultTtlMs })
    return { RequestId: requestId, Data: { ImageURL: `${state.baseUrl}/results/${id}.png` } }
  },
}
