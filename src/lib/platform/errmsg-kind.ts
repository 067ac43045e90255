import type { FailureKind } from './profile'

/**
 * Cancel, abort and timeout from an `errMsg`-style text: WeChat's `fail` (`"request:fail timeout"`)
 * and Taro's H5 APIs, which reject the same way. Localised timeouts: "timeout", "time out",
 * 请求超时, 请求逾时 (community reports; docs/platform-contracts.md).
 */
export function errMsgKind(text: string): FailureKind {
  if (/:fail cancel/i.test(text)) return 'cancelled'
  if (/abort/i.test(text)) return 'aborted'
  if (/time ?out|超时|逾时/i.test(text)) return 'timeout'
  return 'failed'
}
