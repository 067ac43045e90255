// An operation the kit does not ship, declared exactly as src/lib/operations/ declares its
// own: the declaration and its result type, nothing else. add-operation.test.ts adds it to
// CLIENT_OPERATIONS and follows it to every consumer. (Only type imports from operations/: the
// test's module mock loads this file while it builds that module.)
import { KitError } from '../../src/lib/base/errors'
import type { Operation } from '../../src/lib/operations'

export interface IdentityCardResult {
  /** `face`: the portrait side; `back`: the issuing-authority side. */
  side: 'face' | 'back'
  name: string
  idNumber: string
  address: string
  /** Issuing authority and validity, back side only. */
  issue: string
  validUntil: string
  requestId: string
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/**
 * ocr 2019-12-30 RecognizeIdentityCard (`ImageURL`, `Side`; answers `Data.FrontResult` or
 * `Data.BackResult`, as the official ocr20191230 SDKs model it). Limits UNVERIFIED: the bank-card
 * page's (same product and version), not read from this API's page. Target 1600 px like the bank
 * card: a Chinese identity card is the same ID-1 size, with smaller print.
 */
export const recognizeIdentityCardOperation: Operation<{ imageUrl: string; side: 'face' | 'back' }, IdentityCardResult> = {
  product: 'ocr',
  cloudEndpoint: 'https://ocr.cn-shanghai.aliyuncs.com',
  action: 'RecognizeIdentityCard',
  version: '2019-12-30',
  ramAction: 'viapi-ocr:RecognizeIdentityCard',
  imageLimits: { api: 'RecognizeIdentityCard', maxBytes: 3 * 1024 * 1024, formats: ['jpeg', 'png', 'bmp', 'gif'], targetLongSide: 1600 },
  reference: 'https://api.aliyun.com/api/ocr/2019-12-30/RecognizeIdentityCard',
  unverifiedLimits: true,
  toParams: ({ imageUrl, side }) => ({ ImageURL: imageUrl, Side: side }),
  parseResult(body) {
    const d = body.Data as Record<string, Record<string, unknown> | undefined> | undefined
    const front = d?.FrontResult
    const back = d?.BackResult
    if (!front && !back) throw new KitError('InvalidResponse', 'RecognizeIdentityCard answered without Data.FrontResult or Data.BackResult')
    return {
      side: front ? 'face' : 'back',
      name: str(front?.Name),
      idNumber: str(front?.IDNumber),
      address: str(front?.Address),
      issue: str(back?.Issue),
      validUntil: str(back?.EndDate),
      requestId: str(body.RequestId),
    }
  },
}
