import { CredentialsError } from '../base/errors'
import { postToBackend } from './backend-call'
import type { Transport } from '../transport/types'
import type { Clock } from '../base/clock'
import { parseGrant } from './parse-grant'
import type { Provider, StsGrant } from '../base/credentials'

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

/**
 * Fetches a fresh STS grant from the backend's `POST /api/sts`; renews the session once on 401.
 * When called with the grant found stale (expired or revoked early), its AccessKeyId goes along as
 * `staleAccessKeyId` so the backend's per-user cache mints new credentials instead of returning it.
 */
export function fromBackend(options: BackendSourceOptions): Provider<StsGrant> {
  const url = options.backendUrl.replace(/\/+$/, '') + '/api/sts'

  async function attempt(renew: boolean, stale: StsGrant | undefined): Promise<StsGrant | 'unauthorized'> {
    const token = await options.getSessionToken(renew)
    const sentAt = Date.now()
    const json = await postToBackend({
      transport: options.transport,
      url,
      token,
      body: stale ? { staleAccessKeyId: stale.credentials.accessKeyId } : {},
      timeoutMs: options.timeoutMs,
      failedHint: 'The backend could not get credentials; try again in a moment.',
      refusedHint: 'The backend refused to issue credentials.',
    })
    if (json === 'unauthorized') return 'unauthorized'
    const grant = parseGrant(json)
    // The server stamped serverTime about half a round trip ago. Learn it against the clock's own
    // device time (a skewed device clock is exactly what is being corrected, so never Date.now()).
    const halfTrip = (Date.now() - sentAt) / 2
    options.clock?.learn(new Date(grant.serverTime.getTime() + halfTrip))
    return grant
  }

  return async (stale?: StsGrant) => {
    const first = await attempt(false, stale)
    if (first !== 'unauthorized') return first
    const second = await attempt(true, stale)
    if (second !== 'unauthorized') return second
    throw new CredentialsError('Unauthorized', 'The backend refused the session twice', {
      hint: 'Log in again; if it persists, check the backend’s SESSION_SECRET.',
    })
  }
}
