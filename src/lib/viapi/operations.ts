import { KitError } from '../errors'

/**
 * Vision operations as data: adding one is a declaration plus a result type. `product` picks the
 * endpoint from the backend's `endpoints` map; `ramAction` is what the session policy must allow.
 */
export interface Operation<Input, Result> {
  product: string
  action: string
  version: string
  ramAction: string
  toParams(input: Input): Record<string, string>
  parseResult(body: Record<string, unknown>): Result
}

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

export interface SegmentResult {
  /** Temporary URL of the cut-out (PNG with alpha). */
  imageUrl: string
  requestId: string
}

function data(body: Record<string, unknown>, action: string): Record<string, unknown> {
  const d = body.Data
  if (!d || typeof d !== 'object') throw new KitError('InvalidResponse', `${action} answered without Data`)
  return d as Record<string, unknown>
}

const s = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v))

export const recognizeBankCardOperation: Operation<{ imageUrl: string }, BankCardResult> = {
  product: 'ocr',
  action: 'RecognizeBankCard',
  version: '2019-12-30',
  ramAction: 'viapi-ocr:RecognizeBankCard',
  toParams: ({ imageUrl }) => ({ ImageURL: imageUrl }),
  parseResult(body) {
    const d = data(body, 'RecognizeBankCard')
    return {
      bankName: s(d.BankName),
      cardNumber: s(d.CardNumber).replace(/\s+/g, ''),
      validDate: s(d.ValidDate),
      cardType: s(d.CardType),
      requestId: s(body.RequestId),
      emulated: d.Emulated === true,
    }
  },
}

export const segmentCommonImageOperation: Operation<{ imageUrl: string; returnForm?: 'mask' | 'whiteBK' | 'crop' }, SegmentResult> = {
  product: 'imageseg',
  action: 'SegmentCommonImage',
  version: '2019-12-30',
  ramAction: 'viapi-imageseg:SegmentCommonImage',
  toParams: ({ imageUrl, returnForm }) => ({ ImageURL: imageUrl, ...(returnForm ? { ReturnForm: returnForm } : {}) }),
  parseResult(body) {
    const d = data(body, 'SegmentCommonImage')
    const imageUrl = s(d.ImageURL)
    if (!imageUrl) throw new KitError('InvalidResponse', 'SegmentCommonImage answered without Data.ImageURL')
    return { imageUrl, requestId: s(body.RequestId) }
  },
}

export interface OssStsToken {
  accessKeyId: string
  accessKeySecret: string
  securityToken: string
}

/** viapiutils GetOssStsToken: credentials for the shared temporary bucket (no Expiration in the answer). */
export const getOssStsTokenOperation: Operation<Record<string, never>, OssStsToken> = {
  product: 'viapiutils',
  action: 'GetOssStsToken',
  version: '2020-04-01',
  ramAction: 'viapi:*',
  toParams: () => ({}),
  parseResult(body) {
    const d = data(body, 'GetOssStsToken')
    return { accessKeyId: s(d.AccessKeyId), accessKeySecret: s(d.AccessKeySecret), securityToken: s(d.SecurityToken) }
  },
}
