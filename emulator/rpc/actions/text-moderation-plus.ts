// green-cip 2022-03-02 TextModerationPlus, answered from a small documented word list so tests and
// the demo page can produce each verdict on purpose. Matching is case-insensitive substring.
//
//   word(s)                  Label                     Confidence  RiskLevel
//   gamble, 赌博             contraband_gambling       95          high
//   drugs, 毒品              contraband_drug           92          high
//   idiot, 傻瓜              inappropriate_profanity   80          medium
//   wechat me, 加微信        pt_to_contact             65          low
//
// No match: RiskLevel "none" and one `nonLabel` entry, as the real service answers clean text.
import { RpcError } from '../errors'
import { requireParam } from './required'
import type { RpcAction } from './types'

interface Rule {
  words: string[]
  label: string
  confidence: number
  level: 'high' | 'medium' | 'low'
  description: string
}

export const MODERATION_RULES: readonly Rule[] = [
  { words: ['gamble', '赌博'], label: 'contraband_gambling', confidence: 95, level: 'high', description: 'Suspected gambling content' },
  { words: ['drugs', '毒品'], label: 'contraband_drug', confidence: 92, level: 'high', description: 'Suspected drug-related content' },
  { words: ['idiot', '傻瓜'], label: 'inappropriate_profanity', confidence: 80, level: 'medium', description: 'Suspected profanity' },
  {
    words: ['wechat me', '加微信'],
    label: 'pt_to_contact',
    confidence: 65,
    level: 'low',
    description: 'Suspected contact-info advertising',
  },
]

/** Services of the real API that the emulator accepts. */
export const MODERATION_SERVICES = [
  'comment_detection_pro',
  'chat_detection_pro',
  'nickname_detection_pro',
  'ugc_moderation_byllm',
  'llm_query_moderation',
  'llm_response_moderation',
  'ad_compliance_detection_pro',
  'aigc_moderation_byllm',
]

/**
 * Longest `content` by Service, as the vendor documents it: 面向大语言模型的文本审核PLUS服务, 接口功能
 * (https://help.aliyun.com/document_detail/2671445.html): llm_query_moderation 2000, llm_response_moderation
 * 5000. No page states a limit for the other services, so the emulator answers them at any length.
 * Kept here, not read from the kit's declaration: test/lib/operation-limits.test.ts compares the two.
 */
export const MODERATION_CONTENT_LIMITS: Readonly<Record<string, number>> = {
  llm_query_moderation: 2000,
  llm_response_moderation: 5000,
}

const RANK = { none: 0, low: 1, medium: 2, high: 3 } as const

export const textModerationPlus: RpcAction = {
  action: 'TextModerationPlus',
  version: '2022-03-02',
  service: 'green',
  ramAction: 'yundun-greenweb:TextModerationPlus',
  async run({ params, requestId }) {
    const service = requireParam(params, 'Service')
    if (!MODERATION_SERVICES.includes(service)) throw new RpcError(400, 'InvalidParameter', `The Service "${service}" is not supported.`)
    let content: unknown
    try {
      content = (JSON.parse(requireParam(params, 'ServiceParameters')) as Record<string, unknown>).content
    } catch {
      throw new RpcError(400, 'InvalidParameter', 'ServiceParameters must be a JSON object string.')
    }
    if (typeof content !== 'string' || content.trim() === '')
      throw new RpcError(400, 'InvalidParameter', 'ServiceParameters.content is empty.')
    // The cloud's answer to over-long content is undocumented (status, Code and Message unverified):
    // the emulator keeps the gateway's 400 InvalidParameter it answers for other bad parameters.
    const max = MODERATION_CONTENT_LIMITS[service]
    if (max !== undefined && content.length > max)
      throw new RpcError(400, 'InvalidParameter', `ServiceParameters.content exceeds ${max} characters for Service ${service}.`)
    const text = content.toLowerCase()
    let level: keyof typeof RANK = 'none'
    const result = []
    for (const rule of MODERATION_RULES) {
      const hits = rule.words.filter((w) => text.includes(w.toLowerCase()))
      if (hits.length === 0) continue
      if (RANK[rule.level] > RANK[level]) level = rule.level
      result.push({ Label: rule.label, Confidence: rule.confidence, Description: rule.description, RiskWords: hits.join(',') })
    }
    if (result.length === 0) result.push({ Label: 'nonLabel', Description: 'No risk detected' })
    // The real service answers HTTP 200 with its own Code; 200 = success.
    return { Code: 200, Message: 'OK', RequestId: requestId, Data: { RiskLevel: level, Result: result, Emulated: true } }
  },
}
