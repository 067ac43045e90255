import type { Clock } from '../base/clock'
import type { DingtalkLoginConfig } from './provider-config'
import { systemClock } from '../base/clock'
import { DEFAULT_TIMEOUT_MS, fetchJson, str } from './http'
import { LoginError } from './types'
import type { HttpOptions, LoginVerifier } from './types'

export interface DingtalkOptions extends DingtalkLoginConfig, HttpOptions {
  clock?: Clock
}

// errcodes meaning our cached access_token is no longer good: fetch a new one and retry once.
const TOKEN_INVALID = new Set([40001, 40014, 42001])
// "system busy" and "too many requests": retry later, nothing is wrong with the code or config.
const BUSY = new Set([-1, 90018])

/**
 * DingTalk mini-program login: GET /gettoken (app access_token, ~2 h, cached and shared by all
 * logins: DingTalk rate-limits gettoken) then POST /topapi/v2/user/getuserinfo {code}.
 */
export function createDingtalkVerifier(options: DingtalkOptions): LoginVerifier {
  const fetchFn = options.fetch ?? fetch
  const clock = options.clock ?? systemClock
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  let cached: { token: string; refreshAt: number } | undefined
  let inflight: Promise<string> | undefined

  async function fetchToken(): Promise<string> {
    const qs = new URLSearchParams({ appkey: options.appKey, appsecret: options.appSecret })
    const { body } = await fetchJson(fetchFn, 'DingTalk', `${options.apiBase}/gettoken?${qs}`, { method: 'GET' }, timeoutMs)
    const token = str(body.access_token)
    if (body.errcode !== 0 || !token) {
      if (typeof body.errcode === 'number' && BUSY.has(body.errcode)) {
        throw new LoginError('ProviderUnavailable', 'DingTalk is busy', String(body.errcode))
      }
      throw new LoginError('ProviderRejected', 'DingTalk rejected the app key/secret', String(body.errcode))
    }
    const ttlS = typeof body.expires_in === 'number' ? body.expires_in : 7200
    // Refresh 5 minutes early (or halfway for short lifetimes) so a token never expires mid-call.
    cached = { token, refreshAt: clock.now() + Math.max(ttlS * 500, (ttlS - 300) * 1000) }
    return token
  }

  function accessToken(): Promise<string> {
    if (cached && clock.now() < cached.refreshAt) return Promise.resolve(cached.token)
    inflight ??= fetchToken().finally(() => {
      inflight = undefined
    })
    return inflight
  }

  async function getUserId(code: string, token: string) {
    const { body } = await fetchJson(
      fetchFn,
      'DingTalk',
      `${options.apiBase}/topapi/v2/user/getuserinfo?access_token=${encodeURIComponent(token)}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) },
      timeoutMs,
    )
    return body
  }

  return {
    async verify(code) {
      let body = await getUserId(code, await accessToken())
      if (typeof body.errcode === 'number' && TOKEN_INVALID.has(body.errcode)) {
        cached = undefined
        body = await getUserId(code, await accessToken())
      }
      const result = body.result as Record<string, unknown> | undefined
      const userid = result && str(result.userid)
      if (body.errcode === 0 && userid) return { providerUserId: userid }
      if (typeof body.errcode === 'number' && BUSY.has(body.errcode)) {
        throw new LoginError('ProviderUnavailable', 'DingTalk is busy', String(body.errcode))
      }
      if (typeof body.errcode === 'number' && TOKEN_INVALID.has(body.errcode)) {
        throw new LoginError('ProviderRejected', 'DingTalk keeps rejecting the access token', String(body.errcode))
      }
      // With a fresh, valid access_token the only remaining input is the user's code.
      throw new LoginError('InvalidCode', 'DingTalk rejected the auth code', String(body.errcode))
    },
  }
}
