import type { Clock } from '../clock'
import { systemClock } from '../clock'
import { buildOauthTokenParams } from './alipay-sign'
import { DEFAULT_TIMEOUT_MS, fetchJson, str } from './http'
import { LoginError } from './types'
import type { HttpOptions, LoginVerifier } from './types'

export interface AlipayOptions extends HttpOptions {
  appId: string
  privateKeyPem: string
  /** `https://openapi.alipay.com/gateway.do` or the emulator's `/gateway.do`. */
  gateway: string
  clock?: Clock
}

/** `alipay.system.oauth.token`: exchanges an auth code for the user's id (open_id or user_id). */
export function createAlipayVerifier(options: AlipayOptions): LoginVerifier {
  const fetchFn = options.fetch ?? fetch
  const clock = options.clock ?? systemClock
  return {
    async verify(code) {
      const params = buildOauthTokenParams({
        appId: options.appId, code, privateKeyPem: options.privateKeyPem, nowMs: clock.now(),
      })
      const { body } = await fetchJson(fetchFn, 'Alipay', options.gateway, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
        body: new URLSearchParams(params).toString(),
      }, options.timeoutMs ?? DEFAULT_TIMEOUT_MS)
      const ok = body.alipay_system_oauth_token_response as Record<string, unknown> | undefined
      // Apps created since 2023 get open_id; older ones user_id (2088…).
      const id = ok && (str(ok.open_id) ?? str(ok.user_id))
      if (id) return { providerUserId: id }
      const err = (body.error_response ?? ok ?? {}) as Record<string, unknown>
      const code_ = str(err.code) ?? 'unknown'
      const subCode = str(err.sub_code) ?? ''
      if (code_ === '20000') {
        // 20000 = "service currently unavailable" (Alipay's own outage).
        throw new LoginError('ProviderUnavailable', 'Alipay is unavailable', code_)
      }
      if (/code/i.test(subCode)) {
        throw new LoginError('InvalidCode', 'Alipay rejected the auth code', subCode)
      }
      throw new LoginError('ProviderRejected', 'Alipay rejected the backend request', subCode || code_)
    },
  }
}
