import { AlipayRequestError } from 'alipay-sdk'
import type { AlipaySdk } from 'alipay-sdk'
import { str } from './http'
import { LoginError } from './types'

/** `providerCode` of a refused answer signature: Alipay's key/certificate is wrong, or the answer was altered. */
export const ALIPAY_SIGNATURE_INVALID = 'response-signature-invalid'

const signatureInvalid = () =>
  new LoginError(
    'ProviderRejected',
    "Alipay's answer failed signature verification (check ALIPAY_PUBLIC_KEY or ALIPAY_PUBLIC_CERT; otherwise the answer was altered on the way)",
    ALIPAY_SIGNATURE_INVALID,
  )

/**
 * An Alipay error object (`error_response`, or a method node carrying `code`/`sub_code`) as a
 * LoginError: 20000 (Alipay's own outage) → unavailable; a `sub_code` about the code → InvalidCode;
 * anything else (bad signature, app id, …) → our configuration.
 */
export function alipayErrorAnswer(node: Record<string, unknown>): LoginError {
  const code = str(node.code) ?? 'unknown'
  const subCode = str(node.sub_code) ?? ''
  if (code === '20000') return new LoginError('ProviderUnavailable', 'Alipay is unavailable', code)
  if (/code/i.test(subCode)) return new LoginError('InvalidCode', 'Alipay rejected the auth code', subCode)
  return new LoginError('ProviderRejected', 'Alipay rejected the backend request', subCode || code)
}

/**
 * What a failed `sdk.exec(…, { validateSign: true })` means. The SDK's own error (its message holds
 * the answer, access token included) is never kept as `cause` nor logged.
 * - no answer (connection, timeout) or HTTP ≠ 200 or no JSON → ProviderUnavailable;
 * - the method node present → the SDK's signature check refused it (or `sign` was missing) → signature error;
 * - `error_response`: the SDK looks for the signed text under the method's node only, so it refuses
 *   every signed error answer; its signature is checked here with the SDK's own `checkResponseSign`
 *   under the right node, then the error is classified.
 * - an answer without `sign` (success or error) → signature error: Alipay signs its error answers
 *   too, and an unsigned "code invalid" would send users into a login loop on an attacker's word.
 */
export function alipayFailure(err: unknown, sdk: AlipaySdk, responseKey: string): LoginError {
  if (!(err instanceof AlipayRequestError)) {
    // exec hands `sign` to node:crypto unchecked: an answer without one throws a TypeError there.
    if (err instanceof TypeError && (err as { code?: string }).code === 'ERR_INVALID_ARG_TYPE') return signatureInvalid()
    throw err
  }
  const raw = err.responseDataRaw
  if (raw === undefined) {
    const cause = (err as { cause?: unknown }).cause
    const timedOut = cause instanceof Error && /timeout/i.test(cause.name)
    return new LoginError('ProviderUnavailable', `Alipay ${timedOut ? 'timed out' : 'is unreachable'}`)
  }
  // exec: `HTTP 请求错误, status: <n>` (anchored: other messages quote the answer text).
  const status = /^HTTP \S+, status: (\d+)/.exec(err.message)?.[1]
  if (status !== undefined) return new LoginError('ProviderUnavailable', `Alipay answered HTTP ${status}`)
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return new LoginError('ProviderUnavailable', 'Alipay answered without JSON')
  }
  if (typeof body !== 'object' || body === null) return new LoginError('ProviderUnavailable', 'Alipay answered an unexpected body')
  const answer = body as Record<string, unknown>
  if (answer[responseKey] !== undefined) return signatureInvalid()
  const errorNode = answer.error_response
  if (typeof errorNode !== 'object' || errorNode === null) {
    return new LoginError('ProviderUnavailable', 'Alipay answered an unexpected body')
  }
  try {
    if (typeof answer.sign !== 'string') throw new Error('unsigned')
    sdk.checkResponseSign(raw, 'error_response', answer.sign, err.traceId ?? '')
  } catch {
    return signatureInvalid()
  }
  return alipayErrorAnswer(errorNode as Record<string, unknown>)
}
