// imageseg 2019-12-30 SegmentCommonImage: matting by border colour; the result is served as a
// temporary URL like the real service's (which expires after ~30 minutes).
import { randomBytes } from 'node:crypto'
import { segmentImage, type ReturnForm } from '../../image/segment'
import { RpcError } from '../errors'
import { loadImage } from '../image-source'
import type { RpcAction } from './types'

const FORMS: ReturnForm[] = ['default', 'mask', 'whiteBK']

export const segmentCommonImage: RpcAction = {
  action: 'SegmentCommonImage',
  version: '2019-12-30',
  service: 'imageseg',
  ramAction: 'viapi-imageseg:SegmentCommonImage',
  async run({ state, params, requestId }) {
    const form = (params.ReturnForm || 'default') as ReturnForm
    if (!FORMS.includes(form)) throw new RpcError(400, 'InvalidParameter', 'ReturnForm must be mask or whiteBK when set.')
    const image = loadImage(state, params)
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
