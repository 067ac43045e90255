import type { ImageLimits } from '../image/limits'
import type { Operation } from './operation'
import { dataOf, MB, textOf } from './read-answer'

export interface BankCardResult {
  bankName: string
  cardNumber: string
  /** `MM/YY` as printed on the card. */
  validDate: string
  /** `DC` debit, `CC` credit (as the API answers). */
  cardType: string
  requestId: string
  /** True when the emulator answered (its results are derived from the image, not read from it). */
  emulated: boolean
}

/**
 * RecognizeBankCard input (API reference, section 输入限制:
 * https://api.aliyun.com/api/ocr/2019-12-30/RecognizeBankCard — read from the published API
 * metadata `zh_cn/ocr/2019-12-30/api-docs.json`, 2025-12): JPEG, JPG, PNG, BMP, GIF; at most 3 MB;
 * "no limit on resolution, but a very high resolution may make recognition time out (5 s)";
 * no CJK characters in the URL. Not documented: any minimum or maximum width/height, PNG layouts.
 *
 * Target 1600 px long side: a card photographed to fill most of the frame is then ~1000+ px wide,
 * so its embossed digits are 40–60 px tall — several times what OCR needs (other vendors'
 * bank-card OCR asks for ≥ 256 px on the card's short side or ~500×800 in total). A 12 MP original
 * adds no legible detail, costs 6× the pixels to upload and risks the documented 5 s timeout.
 */
export const BANK_CARD_IMAGE_LIMITS: ImageLimits = {
  api: 'RecognizeBankCard',
  maxBytes: 3 * MB,
  formats: ['jpeg', 'png', 'bmp', 'gif'],
  targetLongSide: 1600,
}

export const recognizeBankCardOperation: Operation<{ imageUrl: string }, BankCardResult> = {
  product: 'ocr',
  cloudEndpoint: 'https://ocr.cn-shanghai.aliyuncs.com',
  action: 'RecognizeBankCard',
  version: '2019-12-30',
  ramAction: 'viapi-ocr:RecognizeBankCard',
  imageLimits: BANK_CARD_IMAGE_LIMITS,
  reference: 'https://api.aliyun.com/api/ocr/2019-12-30/RecognizeBankCard',
  toParams: ({ imageUrl }) => ({ ImageURL: imageUrl }),
  parseResult(body) {
    const d = dataOf(body, 'RecognizeBankCard')
    return {
      bankName: textOf(d.BankName),
      cardNumber: textOf(d.CardNumber).replace(/\s+/g, ''),
      validDate: textOf(d.ValidDate),
      cardType: textOf(d.CardType),
      requestId: textOf(body.RequestId),
      emulated: d.Emulated === true,
    }
  },
}
