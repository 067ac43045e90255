import type { FastifyBaseLogger } from 'fastify'
import type { AppConfig } from '../config'
import { serializedUserPolicy } from '../policy/user-policy'
import type { StsCache } from './cache'
import type { StsClient, StsCredentials } from './client'
import { describeStsFailure, mapStsError } from './errors'

/** What minting a user's credentials needs: the config (role, lifetime, policy), STS and the cache. */
export interface UserCredentialsDeps {
  config: AppConfig
  sts: StsClient
  cache: StsCache
}

/**
 * One user's STS credentials: from the per-user cache, or one AssumeRole with the user's own
 * session policy. `staleAccessKeyId` is a key the client says the cloud refused (revoked or expired
 * early): handing it out again would fail the same way, so if the cache still holds exactly that key
 * it leaves the cache (every instance's, with Redis) and new credentials are minted. Only the
 * caller's own cached key counts, and the per-user rate limit bounds it. Any failure is logged
 * (codes and ids only) and thrown as the API's 502 (`mapStsError`).
 */
export async function userCredentials(
  deps: UserCredentialsDeps,
  log: FastifyBaseLogger,
  userId: string,
  staleAccessKeyId?: string,
): Promise<StsCredentials> {
  const { config, sts, cache } = deps
  const mint = () =>
    sts.assumeRole({
      roleArn: config.sts.roleArn,
      // User ids are [A-Za-z0-9_-]{4,32}: valid RoleSessionNames, and they show up in ActionTrail.
      roleSessionName: userId,
      durationSeconds: config.sts.durationSeconds,
      policy: serializedUserPolicy(config, userId),
    })
  try {
    const creds = await cache.get(userId, mint)
    if (staleAccessKeyId === undefined || staleAccessKeyId !== creds.accessKeyId) return creds
    log.info({ userId }, 'stale STS credentials reported; minting new ones')
    await cache.evict(userId, staleAccessKeyId)
    return await cache.get(userId, mint)
  } catch (err) {
    log.error({ userId, ...describeStsFailure(err) }, 'AssumeRole failed')
    throw mapStsError(err)
  }
}
