import { KitError, ServiceError } from '../base/errors'
import type { ImageLimits } from '../image/limits'
import { MODERATION_ENDPOINTS, moderationEndpointsFor } from './moderation-regions'

/**
 * Vision operations as data: adding one is a declaration plus a result type (and, for the phone,
 * an entry in `CLIENT_OPERATIONS`); `test/lib/add-operation.test.ts` adds one on a product the kit
 * has, `test/lib/add-product.test.ts` one on a new product. Every consumer reads the declaration:
 * the backend hands out an endpoint for every `product` (`<PRODUCT>_ENDPOINT`, by default
 * `cloudEndpoint`), `kit.call` signs `action`/`version` to the grant's endpoint for `product`, and
 * `npm run domains` puts its host on the allow-lists; the session policy and `npm run ram-policy`
 * grant `ramAction` on `ramScope`; the kit prepares and checks photos against `imageLimits`;
 * `npm run docs:operations` writes README's operations table.
 */
/** `<PRODUCT>_ENDPOINT`, the backend variable that sets one product's endpoint: `ocr` → `OCR_ENDPOINT`. */
export function endpointVariable(product: string): string {
  return `${product.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_ENDPOINT`
}

/** How an operation reaches another region when its endpoint has an outage. */
export interface RegionFallback {
  /** Every endpoint to try, in order, starting from the grant's (`primary`, undefined when the grant has none). */
  endpoints(primary: string | undefined): string[]
  /** The params one endpoint gets. @default the operation's params */
  params?(endpoint: string, params: Record<string, string>): Record<string, string>
}

export interface Operation<Input, Result> {
  /** The key of the grant's `endpoints` map the call goes to; the backend reads its endpoint from `<PRODUCT>_ENDPOINT`. */
  product: string
  /**
   * The product's endpoint on Alibaba Cloud, in Shanghai next to the bucket: what the backend hands
   * out for `product` in cloud mode when `<PRODUCT>_ENDPOINT` is unset. The kit calls the grant's
   * endpoint, never this one. Operations of one product declare the same endpoint.
   */
  cloudEndpoint: string
  action: string
  version: string
  ramAction: string
  /**
   * What the RAM action is granted on: `account` (these APIs have no resource-level authorization,
   * so `*`), or `imm-project` (one IMM project, `acs:imm:<region>:<account>:project/<name>`). The
   * backend's session policy and `npm run ram-policy` read it. @default 'account'
   */
  ramScope?: 'account' | 'imm-project'
  /**
   * Other regions that answer the same API, tried in turn when the grant's endpoint has an outage
   * (the kit gives each region one attempt) and put on the allow-lists by `npm run domains`; each
   * region's endpoint may need its own params (its RegionId). Absent: the grant's endpoint only.
   */
  regionFallback?: RegionFallback
  /** What the API documents about its input image; absent for operations that take no image. */
  imageLimits?: ImageLimits
  /**
   * Longest text, in characters, for operations that take text: by the input's service where the
   * vendor documents one, else `default`. A service with no documented limit and no `default` is
   * not checked before the call (the cloud decides). Read it with `maxTextLengthFor`.
   */
  maxTextLength?: TextLengthLimits
  /** The vendor's API page that `imageLimits` (and the parameters) were read from; the README's operations table links it. */
  reference?: string
  /** True when `reference` does not state the limits and they come from related pages (named beside the limits). */
  unverifiedLimits?: boolean
  toParams(input: Input): Record<string, string>
  parseResult(body: Record<string, unknown>): Result
}

/** What an operation's vendor pages document about the length of its text input. */
export interface TextLengthLimits {
  /** Characters, by service name (TextModerationPlus's `Service`). */
  byService: Readonly<Record<string, number>>
  /** For a service not in `byService`, when a page documents a limit for every service. */
  default?: number
}

/** The longest text `operation` takes for `service`, or undefined when no vendor page states one. */
export function maxTextLengthFor(operation: Pick<Operation<never, unknown>, 'maxTextLength'>, service: string): number | undefined {
  const limits = operation.maxTextLength
  if (!limits) return undefined
  return Object.prototype.hasOwnProperty.call(limits.byService, service) ? limits.byService[service] : limits.default
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

const MB = 1024 * 1024

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
  cloudEndpoint: 'https://imageseg.cn-shanghai.aliyuncs.com',
  action: 'SegmentCommonImage',
  version: '2019-12-30',
  ramAction: 'viapi-imageseg:SegmentCommonImage',
  imageLimits: SEGMENT_IMAGE_LIMITS,
  reference: 'https://api.aliyun.com/api/imageseg/2019-12-30/SegmentCommonImage',
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

/** viapiutils GetOssStsToken: credentials for the shared temporary bucket (no Expiration in the answer). No image input. */
export const getOssStsTokenOperation: Operation<Record<string, never>, OssStsToken> = {
  product: 'viapiutils',
  cloudEndpoint: 'https://viapiutils.cn-shanghai.aliyuncs.com',
  action: 'GetOssStsToken',
  version: '2020-04-01',
  ramAction: 'viapi:GetOssStsToken',
  toParams: () => ({}),
  parseResult(body) {
    const d = data(body, 'GetOssStsToken')
    return { accessKeyId: s(d.AccessKeyId), accessKeySecret: s(d.AccessKeySecret), securityToken: s(d.SecurityToken) }
  },
}

/** What the app does with a text: `pass` it, hold it for human `review`, or `block` it. */
export type ModerationVerdict = 'pass' | 'review' | 'block'

export interface ModerationLabel {
  label: string
  /** 0…100, absent for the "no risk" entry. */
  confidence?: number
  description: string
  /** Words that triggered the label, when the service names them. */
  riskWords: string[]
}

export interface ModerationResult {
  /** The service's `RiskLevel`: `high`, `medium`, `low` or `none`. */
  riskLevel: string
  verdict: ModerationVerdict
  labels: ModerationLabel[]
  requestId: string
}

/** `high` blocks, `medium` goes to review, `low`/`none` pass (the console's default advice). */
export function verdictOf(riskLevel: string): ModerationVerdict {
  const level = riskLevel.toLowerCase()
  return level === 'high' ? 'block' : level === 'medium' ? 'review' : 'pass'
}

/** Services of TextModerationPlus the kit names; any other string the console enables also works. */
export type ModerationService =
  | 'comment_detection_pro'
  | 'chat_detection_pro'
  | 'nickname_detection_pro'
  | 'llm_query_moderation'
  | 'llm_response_moderation'
  | (string & {})

/**
 * green-cip 2022-03-02 TextModerationPlus. Unlike the viapi APIs it answers HTTP 200 with its own
 * `Code` (200 = success) and `Data.{RiskLevel, Result[]}`; a non-200 `Code` becomes a ServiceError.
 * No image input; text up to `maxTextLength` characters for its `Service` (checked in `moderateText`).
 *
 * Content length by Service: 2000 for `llm_query_moderation` and 5000 for `llm_response_moderation`
 * (https://help.aliyun.com/document_detail/2671445.html); no page states one for the other services,
 * so the cloud decides. The pages read and what each says:
 * docs/platform-contracts.md#green-cip-textmoderationplus-content-length-by-service.
 */
export const textModerationPlusOperation: Operation<{ service: ModerationService; content: string }, ModerationResult> = {
  product: 'moderation',
  cloudEndpoint: MODERATION_ENDPOINTS['cn-shanghai'],
  action: 'TextModerationPlus',
  version: '2022-03-02',
  ramAction: 'yundun-greenweb:TextModerationPlus',
  // Per Service, each from https://help.aliyun.com/document_detail/2671445.html (see above); no default.
  maxTextLength: { byService: { llm_query_moderation: 2000, llm_response_moderation: 5000 } },
  reference: 'https://help.aliyun.com/document_detail/2669858.html',
  // The API reference states no length; the limits are from 2671445 (named above).
  unverifiedLimits: true,
  // The same API in every green-cip region; a regional endpoint is called with its own RegionId.
  regionFallback: {
    endpoints: (primary) => moderationEndpointsFor(primary),
    params: (endpoint, params) => {
      const region = endpoint.match(/green-cip\.([a-z0-9-]+)\.aliyuncs\.com/)?.[1]
      return region ? { RegionId: region, ...params } : params
    },
  },
  toParams: ({ service, content }) => ({ Service: service, ServiceParameters: JSON.stringify({ content }) }),
  parseResult(body) {
    const code = body.Code
    if (code !== undefined && Number(code) !== 200) {
      throw new ServiceError(
        {
          service: 'TextModerationPlus',
          status: Number(code) || 400,
          code: String(code),
          message: s(body.Message) || 'moderation failed',
          requestId: s(body.RequestId) || undefined,
        },
        { hint: 'Check the Service name and that the text is not empty.' },
      )
    }
    const d = data(body, 'TextModerationPlus')
    const riskLevel = s(d.RiskLevel) || 'none'
    const raw = Array.isArray(d.Result) ? (d.Result as Array<Record<string, unknown>>) : []
    const labels = raw
      .filter((r) => r && s(r.Label) !== '' && s(r.Label) !== 'nonLabel')
      .map((r) => ({
        label: s(r.Label),
        confidence: typeof r.Confidence === 'number' ? r.Confidence : undefined,
        description: s(r.Description),
        riskWords: s(r.RiskWords).split(',').filter(Boolean),
      }))
    return { riskLevel, verdict: verdictOf(riskLevel), labels, requestId: s(body.RequestId) }
  },
}

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

const n = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0)

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
          boundary: { left: n(b.Left), top: n(b.Top), width: n(b.Width), height: n(b.Height) },
          age: typeof f.Age === 'number' ? f.Age : undefined,
          gender: typeof f.Gender === 'string' ? f.Gender : undefined,
          confidence: typeof f.FaceConfidence === 'number' ? f.FaceConfidence : undefined,
        }
      }),
      requestId: s(body.RequestId),
      emulated: body.Emulated === true,
    }
  },
}

/**
 * Every operation the kit calls with a user's STS credentials, straight from the phone. The
 * backend's per-user session policy and the RAM role policy allow exactly these actions (plus the
 * upload); `getOssStsTokenOperation` is not here: only a server with its own key calls it.
 */
export const CLIENT_OPERATIONS: ReadonlyArray<Operation<never, unknown>> = [
  recognizeBankCardOperation,
  segmentCommonImageOperation,
  textModerationPlusOperation,
  detectImageFacesOperation,
] as ReadonlyArray<Operation<never, unknown>>
