import type { MemoizedProvider } from './memoize'
import type { Credentials, StsGrant } from '../base/credentials'

/** The credentials that sign API calls: the grant's own, or its separate API credentials. */
export function apiCredentialsOf(grant: StsGrant): Credentials {
  return grant.apiCredentials ?? grant.credentials
}

/**
 * The API-signing credentials of a memoized grant, refreshable the way the RPC client expects:
 * `refresh(stale)` renews the grant only while `stale` is still the current one; when another call
 * already replaced it, the replacement is returned without a further request.
 */
export function apiCredentials(grant: MemoizedProvider<StsGrant>) {
  return Object.assign(async () => apiCredentialsOf(await grant()), {
    async refresh(stale?: Credentials): Promise<Credentials> {
      const current = grant.peek()
      if (stale && current && apiCredentialsOf(current) !== stale) return apiCredentialsOf(current)
      return apiCredentialsOf(await grant.refresh(current))
    },
  })
}
