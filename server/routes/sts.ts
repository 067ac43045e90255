import type { FastifyInstance } from 'fastify'
import { authenticate } from '../session/auth'
import type { AppConfig } from '../config'
import type { Clock } from '../clock'
import { isoSeconds } from '../clock'
import { ApiError } from '../errors'
import { ossHost } from '../config/oss-host'
import { userKeyPrefix } from '../policy/session-policy'
import { serializedUserPolicy } from '../policy/user-policy'
import type { StsCache } from '../sts/cache'
import { describeStsFailure, mapStsError } from '../sts/client'
import type { StsClient, StsCredentials } from '../sts/client'

const str = { type: 'string' } as const
const responseSchema = {
  200: {
    type: 'object',
    additionalProperties: false,
    required: ['accessKeyId', 'accessKeySecret', 'securityToken', 'expiration', 'serverTime', 'oss', 'endpoints'],
    properties: {
      accessKeyId: str, accessKeySecret: str, securityToken: str, expiration: str, serverTime: str,
      oss: {
        type: 'object',
        additionalProperties: false,
        required: ['bucket', 'region', 'host', 'keyPrefix', 'signatureVersion', 'maxBytes'],
        properties: {
          bucket: str, region: str, host: str, keyPrefix: str, signatureVersion: str, maxBytes: { type: 'integer' },
        },
      },
      endpoints: {
        type: 'object',
        additionalProperties: false,
        required: ['ocr', 'imageseg', 'moderation', 'imm'],
        properties: { ocr: str, imageseg: str, moderation: str, imm: str },
      },
    },
  },
} as const

// The only input: optionally, the AccessKeyId the client found stale (expired or revoked early).
const bodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { staleAccessKeyId: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' } },
} as const

export function stsRoutes(
  api: FastifyInstance,
  deps: { config: AppConfig; clock: Clock; sts: StsClient; cache: StsCache },
): void {
  const { config, clock, sts, cache } = deps
  // Per-user limit, applied after authentication (the per-IP limit runs before, on every route).
  const perUser = api.createRateLimit({
    max: config.rateLimit.stsPerUserPerMinute,
    timeWindow: 60_000,
    keyGenerator: (req) => `sts-user:${req.userSession?.sub ?? req.ip}`,
  })

  api.post('/api/sts', {
    schema: { body: bodySchema, response: responseSchema },
    // Authenticate before the body is even read (after the per-IP limit, which runs on onRequest),
    // so anonymous callers get 401 whatever they send.
    preParsing: async (req) => { req.userSession = authenticate(req, config.session.secret, clock.now()) },
    // A bare POST (no body at all) is the normal call; validate it as `{}`.
    preValidation: async (req) => { if (req.body === undefined) req.body = {} },
  }, async (req, reply) => {
    const session = req.userSession
    if (!session) throw new ApiError(401, 'Unauthorized', 'Log in first')
    const limit = await perUser(req)
    if (!limit.isAllowed && limit.isExceeded) {
      reply.header('retry-after', String(limit.ttlInSeconds))
      throw new ApiError(429, 'TooManyRequests', `Too many credential requests; retry in ${limit.ttlInSeconds} s`)
    }

    const userId = session.sub
    const stale = (req.body as { staleAccessKeyId?: string } | undefined)?.staleAccessKeyId
    const mint = () => sts.assumeRole({
      roleArn: config.sts.roleArn,
      // User ids are [A-Za-z0-9_-]{4,32}: valid RoleSessionNames, and they show up in ActionTrail.
      roleSessionName: userId,
      durationSeconds: config.sts.durationSeconds,
      policy: serializedUserPolicy(config, userId),
    })
    let creds: StsCredentials
    try {
      creds = await cache.get(userId, mint)
      // The client says the cloud refused exactly these credentials (revoked or expired early):
      // handing them out again would fail the same way, so they leave the cache (every instance's,
      // with Redis). Only the caller's own cached key counts, and the per-user rate limit bounds it.
      if (stale !== undefined && stale === creds.accessKeyId) {
        req.log.info({ userId }, 'stale STS credentials reported; minting new ones')
        await cache.evict(userId, stale)
        creds = await cache.get(userId, mint)
      }
    } catch (err) {
      req.log.error({ userId, ...describeStsFailure(err) }, 'AssumeRole failed')
      throw mapStsError(err)
    }

    reply.header('cache-control', 'no-store')
    return {
      accessKeyId: creds.accessKeyId,
      accessKeySecret: creds.accessKeySecret,
      securityToken: creds.securityToken,
      expiration: isoSeconds(creds.expiration.getTime()),
      serverTime: isoSeconds(clock.now()),
      oss: {
        bucket: config.oss.bucket,
        region: config.oss.region,
        host: ossHost(config.oss.endpoint, config.oss.bucket),
        keyPrefix: userKeyPrefix(config.oss.keyPrefix, userId),
        signatureVersion: 'v4',
        maxBytes: config.oss.maxBytes,
      },
      endpoints: { ocr: config.endpoints.ocr, imageseg: config.endpoints.imageseg, moderation: config.endpoints.moderation, imm: config.endpoints.imm },
    }
  })
}
