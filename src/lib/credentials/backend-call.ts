import { ServiceError } from '../base/errors'
import type { Transport } from '../transport/types'

export interface BackendCall {
  transport: Transport
  url: string
  /** The session token. */
  token: string
  body: unknown
  /** @default 15000 */
  timeoutMs?: number
  /** What the user is told when the backend says no (4xx other than 401). */
  refusedHint: string
  /** What the user is told when the backend fails (5xx, 429). */
  failedHint: string
}

/**
 * One authenticated JSON POST to our backend: the parsed body on 200, `'unauthorized'` on 401
 * (the caller renews the session), a typed ServiceError with the backend's `{code, message}`
 * otherwise.
 */
export async function postToBackend(call: BackendCall): Promise<unknown> {
  const res = await call.transport.request({
    url: call.url,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${call.token}` },
    body: JSON.stringify(call.body),
    timeoutMs: call.timeoutMs ?? 15_000,
  })
  if (res.status === 401) return 'unauthorized'
  let json: unknown
  try {
    json = JSON.parse(res.body)
  } catch {
    json = undefined
  }
  if (res.status !== 200) {
    const err = (json || {}) as { code?: string; message?: string }
    const failed = res.status >= 500 || res.status === 429
    throw new ServiceError(
      { service: 'backend', status: res.status, code: err.code || `Http${res.status}`, message: err.message || res.body.slice(0, 200) },
      // 5xx and 429 pass once the backend or STS recovers; any other refusal is final.
      { recovery: failed ? 'backoff' : 'none', hint: failed ? call.failedHint : call.refusedHint },
    )
  }
  return json
}
