// ocr 2019-12-30 RecognizeBankCard, answered deterministically from the image bytes.
import { bankCardFromImage } from '../../image/bank-card'
import { loadImage } from '../image-source'
import type { RpcAction } from './types'

export const recognizeBankCard: RpcAction = {
  action: 'RecognizeBankCard',
  version: '2019-12-30',
  service: 'ocr',
  ramAction: 'viapi-ocr:RecognizeBankCard',
  async run({ state, params, requestId }) {
    const image = loadImage(state, params)
    return { RequestId: requestId, Data: { ...bankCardFromImage(image.bytes), Emulated: true } }
  },
}
