import type { WechatLoginConfig } from './provider-config'
import { DEFAULT_TIMEOUT_MS, fetchJson, str } from './http'
import { LoginError } from './types'
import type { HttpOptions, LoginVerifier } from './types'

export interface WechatOptions extends WechatLoginConfig, HttpOptions {}

// errcodes that mean "this code is no good" (invalid, already used, risky user) vs "try later".
const BAD_CODE = new Set([40029, 40163, 40226])
const BUSY = new Set([-1, 45011])

/** `code2Session`: GET /sns/jscode2session → {openid, session_key, unionid?} or {errcode, errmsg}. */
export function createWechatVerifier(options: WechatOptions): LoginVerifier {
  const fetchFn = options.fetch ?? fetch
  return {
    async verify(code) {
      const qs = new URLSearchParams({
        appid: options.appId,
        secret: options.appSecret,
        js_code: code,
        grant_type: 'authorization_code',
      })
      const { body } = await fetchJson(
        fetchFn,
        'WeChat',
        `${options.apiBase}/sns/jscode2session?${qs}`,
        { method: 'GET' },
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      )
      const errcode = typeof body.errcode === 'number' ? body.errcode : 0
      const openid = str(body.openid)
      if (errcode === 0 && openid) return { providerUserId: openid }
      // session_key is deliberately dropped here: the backend has no use for it.
      if (BUSY.has(errcode)) throw new LoginError('ProviderUnavailable', 'WeChat is busy', String(errcode))
      if (BAD_CODE.has(errcode)) throw new LoginError('InvalidCode', 'WeChat rejected the login code', String(errcode))
      throw new LoginError('ProviderRejected', 'WeChat rejected the backend credentials or request', String(errcode))
    },
  }
}
