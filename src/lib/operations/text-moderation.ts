import { ServiceError } from '../base/errors'
import { MODERATION_ENDPOINTS, moderationEndpointsFor } from './moderation-regions'
import type { Operation } from './operation'
import { dataOf, textOf } from './read-answer'

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
          code: textOf(code),
          message: textOf(body.Message) || 'moderation failed',
          requestId: textOf(body.RequestId) || undefined,
        },
        { hint: 'Check the Service name and that the text is not empty.' },
      )
    }
    const d = dataOf(body, 'TextModerationPlus')
    const riskLevel = textOf(d.RiskLevel) || 'none'
    const raw = Array.isArray(d.Result) ? (d.Result as Array<Record<string, unknown>>) : []
    const labels = raw
      .filter((r) => r && textOf(r.Label) !== '' && textOf(r.Label) !== 'nonLabel')
      .map((r) => ({
        label: textOf(r.Label),
        confidence: typeof r.Confidence === 'number' ? r.Confidence : undefined,
        description: textOf(r.Description),
        riskWords: textOf(r.RiskWords).split(',').filter(Boolean),
      }))
    return { riskLevel, verdict: verdictOf(riskLevel), labels, requestId: textOf(body.RequestId) }
  },
}
