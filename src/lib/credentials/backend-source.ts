import { CredentialsError, ServiceError } from '../errors'
import type { Transport } from '../transport/types'
import type { Clock } from './clock'
import { parseGrant } from './parse-grant'
import type { Provider, StsGrant } from './types'

export interface BackendSourceOptions {
  transport: Transport
  /** Base URL of our backend, e.g. `https://api.example.com`. */
  backendUrl: string
  /** The session token; `renew: true` after the backend said the old one is no longer valid. */
  getSessionToken: (renew: boolean) => Promise<string>
  /** Learns the server-time offset from every grant. */
  clock?: Clock
  /** @default 15000 */
  timeoutMs?: number
}

/** Fetches a fresh STS grant from the backend's `POST /api/sts`; renews the session once on 401. */
export function fromBackend(options: BackendSourceOptions): Provider<StsGrant> {
  const url = options.backendUrl.replace(/\/+$/, '') + '/api/sts'

  async function attempt(renew: boolean): Promise<StsGrant | 'unauthorized'> {
    const token = await options.getSessionToken(renew)
    const sentAt = Date.now()
    const res = await options.transport.request({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
      timeoutMs: options.timeoutMs ?? 15_000,
    })
    if (res.status === 401) return 'unauthorized'
    let json: unknown
    try {
      json = JSON.parse(res.body)
    } catch {
      json = undefined
    }
    if (res.status !== 200) {
      const err = (json ?? {}) as { code?: string; message?: string }
      throw new ServiceError(
        { service: 'backend', status: res.status, code: err.code ?? `Http${res.status}`, message: err.message ?? res.body.slice(0, 200) },
        { retryable: res.status >= 500 || res.status === 429, hint: res.status >= 500 ? 'The backend could not get credentials; try again in a moment.' : 'The backend refused to issue credentials.' },
      )
    }
    const grant = parseGrant(json)
    // Half the round trip is the best guess of when the server stamped serverTime.
    options.clock?.learn(grant.serverTime, sentAt + (Date.now() - sentAt) / 2)
    return grant
  }

  return async () => {
    const first = await attempt(false)
    if (first !== 'unauthorized') return first
    const second = await attempt(true)
    if (second !== 'unauthorized') return second
    throw new CredentialsError('Unauthorized', 'The backend refused the session twice', {
      hint: 'Log in again; if it keeps failing, the backend’s SESSION_SECRET may have changed.',
    })
  }
}
