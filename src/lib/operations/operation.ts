import type { ImageLimits } from '../image/limits'

/**
 * Vision operations as data: adding one is a declaration plus a result type (and, for the phone,
 * an entry in `CLIENT_OPERATIONS`); `test/lib/add-operation.test.ts` adds one on a product the kit
 * has, `test/lib/add-product.test.ts` one on a new product. Every consumer reads the declaration:
 * the backend hands out an endpoint for every `product` (`<PRODUCT>_ENDPOINT`, by default
 * `cloudEndpoint`), `kit.call` signs `action`/`version` to the grant's endpoint for `product`, and
 * `npm run domains` puts its host on the allow-lists; the session policy and `npm run ram-policy`
 * grant `ramAction` on `ramScope`; the kit prepares and checks photos against `imageLimits`;
 * `npm run docs:operations` writes the operations table of docs/operations.md.
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
  /** The vendor's API page that `imageLimits` (and the parameters) were read from; the operations table in docs/operations.md links it. */
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
