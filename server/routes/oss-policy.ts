import type { FastifyInstance } from 'fastify'
import { makeObjectKey, objectUrl } from '../../src/lib/oss/object-key'
import { buildPostObjectForm } from '../../src/lib/oss/post-form'
import { authenticate } from '../session/auth'
import type { Clock } from '../clock'
import type { AppConfig } from '../config'
import { ApiError } from '../errors'
import { ossHost } from '../config/oss-host'
import { userKeyPrefix } from '../policy/session-policy'
import type { StsCache } from '../sts/cache'
import { describeStsFailure, mapStsError } from '../sts/client'
import type { StsClient, StsCredentials } from '../sts/client'
import { serializedUserPolicy } from '../policy/user-policy'

/** A server-signed form is good for this long: enough to start one upload, too short to reuse. */
export const SIGNED_POLICY_TTL_MS = 120_000

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/bmp', 'image/gif']

const bodySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['contentType'],
  properties: {
    contentType: { type: 'string', enum: IMAGE_TYPES },
    size: { type: 'integer', minimum: 1 },
  },
} as const

/**
 * `POST /api/oss-policy` (session required): the backend builds and signs one PostObject form —
 * the exact key under the user's prefix, the content type, `content-length-range` up to the
 * declared size, a two-minute expiry, V4 — with the user's own STS credentials (the same
 * least-privilege session policy as /api/sts, from the same cache). The client gets the fields
 * and the host; it never holds a secret that could write to OSS.
 */
export function ossPolicyRoutes(api: FastifyInstance, deps: { config: AppConfig; clock: Clock; sts: StsClient; cache: StsCache }): void {
  const { config, clock, sts, cache } = deps
  api.post('/api/oss-policy', {
    schema: { body: bodySchema },
    preParsing: async (req) => { req.userSession = authenticate(req, config.session.secret, clock.now()) },
  }, async (req, reply) => {
    const session = req.userSession
    if (!session) throw new ApiError(401, 'Unauthorized', 'Log in first')
    const { contentType, size } = req.body as { contentType: string; size?: number }
    if (size !== undefined && size > config.oss.maxBytes) {
      throw new ApiError(400, 'ImageTooLarge', `The image is ${size} bytes; at most ${config.oss.maxBytes} are allowed`)
    }
    const userId = session.sub
    let creds: StsCredentials
    try {
      creds = await cache.get(userId, () => sts.assumeRole({
        roleArn: config.sts.roleArn,
        roleSessionName: userId,
        durationSeconds: config.sts.durationSeconds,
        policy: serializedUserPolicy(config, userId),
      }))
    } catch (err) {
      req.log.error({ userId, ...describeStsFailure(err) }, 'AssumeRole failed')
      throw mapStsError(err)
    }
    const now = clock.now()
    // Never sign past the credentials' own expiry: the form would be refused anyway.
    const ttl = Math.max(0, Math.min(SIGNED_POLICY_TTL_MS, creds.expiration.getTime() - now - 1000))
    const key = makeObjectKey(userKeyPrefix(config.oss.keyPrefix, userId), contentType, now)
    const host = ossHost(config.oss.endpoint, config.oss.bucket)
    const formData = buildPostObjectForm({
      credentials: creds,
      bucket: config.oss.bucket,
      region: config.oss.region,
      key,
      contentType,
      maxBytes: size ?? config.oss.maxBytes,
      now,
      policyTtlMs: ttl,
      signatureVersion: 'v4',
    })
    reply.header('cache-control', 'no-store')
    return {
      host,
      bucket: config.oss.bucket,
      key,
      url: objectUrl(host, key),
      formData,
      expiration: new Date(now + ttl).toISOString(),
      maxBytes: size ?? config.oss.maxBytes,
    }
  })
}
