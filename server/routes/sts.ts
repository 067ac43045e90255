import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppConfig } from '../config'
import { bucketHost } from '../config/oss-host'
import type { Clock } from '../base/clock'
import { isoSeconds } from '../base/clock'
import { ApiError } from '../base/errors'
import { userKeyPrefix } from '../policy/session-policy'
import { requireSession, sessionHook } from '../session/auth'
import type { StsCredentials } from '../sts/client'
import { userCredentials } from '../sts/user-credentials'
import type { UserCredentialsDeps } from '../sts/user-credentials'

const str = { type: 'string' } as const

/** The answer's shape, strict: exactly the configured products under `endpoints` (one per operation's product). */
function responseSchema(products: readonly string[]) {
  return {
    200: {
      type: 'object',
      additionalProperties: false,
      required: ['accessKeyId', 'accessKeySecret', 'securityToken', 'expiration', 'serverTime', 'oss', 'endpoints', 'imageUrlRoute'],
      properties: {
        accessKeyId: str,
        accessKeySecret: str,
        securityToken: str,
        expiration: str,
        serverTime: str,
        imageUrlRoute: str,
        oss: {
          type: 'object',
          additionalProperties: false,
          required: ['bucket', 'region', 'host', 'keyPrefix', 'signatureVersion', 'maxBytes'],
          properties: {
            bucket: str,
            region: str,
            host: str,
            keyPrefix: str,
            signatureVersion: str,
            maxBytes: { type: 'integer' },
          },
        },
        endpoints: {
          type: 'object',
          additionalProperties: false,
          required: [...products],
          properties: Object.fromEntries(products.map((p) => [p, str])),
        },
      },
    },
  } as const
}

// The only input: optionally, the AccessKeyId the client found stale (expired or revoked early).
const bodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { staleAccessKeyId: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._-]+$' } },
} as const

/** What the STS and server-signed upload routes need: minting credentials, plus the clock. */
export type CredentialRouteDeps = UserCredentialsDeps & { clock: Clock }

/**
 * `POST /api/sts` (session required): the user's STS credentials (cached per user, see
 * `userCredentials`), where to upload them to and the endpoint of every product the operations call.
 */
export function stsRoutes(api: FastifyInstance, deps: CredentialRouteDeps): void {
  const { config, clock } = deps
  const limitPerUser = perUserLimit(api, config.rateLimit.stsPerUserPerMinute)
  api.post(
    '/api/sts',
    {
      schema: {
        body: bodySchema,
        response: responseSchema([...Object.keys(config.endpoints), ...(config.oss.tempBucket ? ['viapiutils'] : [])]),
      },
      preParsing: sessionHook(config.session.secret, clock),
      // A bare POST (no body at all) is the normal call; validate it as `{}`.
      preValidation: async (req) => {
        if (req.body === undefined) req.body = {}
      },
    },
    async (req, reply) => {
      const userId = requireSession(req).sub
      await limitPerUser(req, reply)
      const stale = (req.body as { staleAccessKeyId?: string } | undefined)?.staleAccessKeyId
      const creds = await userCredentials(deps, req.log, userId, stale)
      reply.header('cache-control', 'no-store')
      return stsGrant(config, creds, userId, clock.now())
    },
  )
}

/** Per-user limit, applied after authentication (the per-IP limit runs before, on every route). */
function perUserLimit(api: FastifyInstance, max: number): (req: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const check = api.createRateLimit({
    max,
    timeWindow: 60_000,
    keyGenerator: (req) => `sts-user:${req.userSession?.sub ?? req.ip}`,
  })
  return async (req, reply) => {
    const limit = await check(req)
    if (!limit.isAllowed && limit.isExceeded) {
      reply.header('retry-after', String(limit.ttlInSeconds))
      throw new ApiError(429, 'TooManyRequests', `Too many credential requests; retry in ${limit.ttlInSeconds} s`)
    }
  }
}

/**
 * The /api/sts answer: the credentials, the server's time, the user's upload target, every
 * product's endpoint. Exported for `npm run doctor`, which tests exactly what a client gets.
 */
export function stsGrant(config: AppConfig, creds: StsCredentials, userId: string, nowMs: number) {
  const temp = config.oss.tempBucket
  return {
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    securityToken: creds.securityToken,
    expiration: isoSeconds(creds.expiration.getTime()),
    serverTime: isoSeconds(nowMs),
    oss: temp
      ? // The kit uploads there with GetOssStsToken keys, under their AccessKeyId (it sets the prefix).
        {
          bucket: temp.bucket,
          region: config.oss.region,
          host: temp.host,
          keyPrefix: '',
          signatureVersion: 'v4',
          maxBytes: config.oss.maxBytes,
        }
      : {
          bucket: config.oss.bucket,
          region: config.oss.region,
          host: bucketHost(config.oss),
          keyPrefix: userKeyPrefix(config.oss.keyPrefix, userId),
          signatureVersion: 'v4',
          maxBytes: config.oss.maxBytes,
        },
    endpoints: temp ? { ...config.endpoints, viapiutils: temp.viapiutilsEndpoint } : { ...config.endpoints },
    imageUrlRoute: config.oss.imageUrlRoute,
  }
}
