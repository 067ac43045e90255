// ocr 2019-12-30 RecognizeBankCard, answered deterministically from the image bytes.
import { bankCardFromImage } from '../../image/bank-card'
import { loadImage, type InputImageRules } from '../image-source'
import type { RpcAction } from './types'

/**
 * Documented input (API reference, 输入限制: https://api.aliyun.com/api/ocr/2019-12-30/RecognizeBankCard,
 * the published metadata zh_cn/ocr/2019-12-30/api-docs.json): JPEG, JPG, PNG, BMP, GIF; ≤ 3 MB
 * (`maxImageBytes`); "no limit on resolution" (only a 5 s recognition timeout is mentioned), so no
 * pixel bounds are checked here.
 */
export const BANK_CARD_INPUT: InputImageRules = { formats: ['jpeg', 'png', 'bmp', 'gif'] }

export const recognizeBankCard: RpcAction = {
  action: 'RecognizeBankCard',
  version: '2019-12-30',
  service: 'ocr',
  ramAction: 'viapi-ocr:RecognizeBankCard',
  async run({ state, params, requestId }) {
    const image = loadImage(state, params, BANK_CARD_INPUT)
    return { RequestId: requestId, Data: { ...bankCardFromImage(image.bytes), Emulated: true } }
  },
}
