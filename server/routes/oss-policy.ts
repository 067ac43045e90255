import type { FastifyInstance } from 'fastify'
import { makeObjectKey, objectUrl } from '../../src/lib/oss/object-key'
import { buildPostObjectForm } from '../../src/lib/oss/post-form'
import type { AppConfig } from '../config'
import { bucketHost } from '../config/oss-host'
import { ApiError } from '../base/errors'
import { userKeyPrefix } from '../policy/session-policy'
import { requireSession, sessionHook } from '../session/auth'
import type { StsCredentials } from '../sts/client'
import { userCredentials } from '../sts/user-credentials'
import type { CredentialRouteDeps } from './sts'

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
export function ossPolicyRoutes(api: FastifyInstance, deps: CredentialRouteDeps): void {
  const { config, clock } = deps
  api.post(
    '/api/oss-policy',
    {
      schema: { body: bodySchema },
      preParsing: sessionHook(config.session.secret, clock),
    },
    async (req, reply) => {
      const userId = requireSession(req).sub
      const { contentType, size } = req.body as { contentType: string; size?: number }
      if (size !== undefined && size > config.oss.maxBytes) {
        throw new ApiError(400, 'ImageTooLarge', `The image is ${size} bytes; at most ${config.oss.maxBytes} are allowed`)
      }
      const creds = await userCredentials(deps, req.log, userId)
      const form = signedUploadForm(config, creds, { userId, contentType, maxBytes: size ?? config.oss.maxBytes, now: clock.now() })
      reply.header('cache-control', 'no-store')
      return form
    },
  )
}

/** One PostObject form for one object key under the user's prefix, signed with the user's credentials. */
function signedUploadForm(
  config: AppConfig,
  credentials: StsCredentials,
  upload: { userId: string; contentType: string; maxBytes: number; now: number },
) {
  const { userId, contentType, maxBytes, now } = upload
  // Never sign past the credentials' own expiry: the form would be refused anyway.
  const ttl = Math.max(0, Math.min(SIGNED_POLICY_TTL_MS, credentials.expiration.getTime() - now - 1000))
  const key = makeObjectKey(userKeyPrefix(config.oss.keyPrefix, userId), contentType, now)
  const host = bucketHost(config.oss)
  const formData = buildPostObjectForm({
    credentials,
    bucket: config.oss.bucket,
    region: config.oss.region,
    key,
    contentType,
    maxBytes,
    now,
    policyTtlMs: ttl,
    signatureVersion: 'v4',
  })
  return {
    host,
    bucket: config.oss.bucket,
    key,
    url: objectUrl(host, key),
    formData,
    expiration: new Date(now + ttl).toISOString(),
    maxBytes,
  }
}
