import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../config'
import type { Clock } from '../base/clock'
import { isoSeconds } from '../base/clock'
import { ApiError, STORE_RETRY_AFTER_SECONDS } from '../base/errors'
import { StoreUnavailableError } from '../store/errors'
import type { LoginVerifiers } from '../login'
import { LoginError } from '../login/types'
import type { LoginCodeClaims } from '../store/replay-store'
import { signSession } from '../session/token'
import { deriveUserId, PLATFORMS } from '../login/user-id'
import type { Platform } from '../login/user-id'

interface LoginBody {
  platform: Platform
  code: string
}

const bodySchema = {
  type: 'object',
  required: ['platform', 'code'],
  additionalProperties: false,
  properties: {
    platform: { type: 'string', enum: PLATFORMS },
    // Provider codes are short printable ASCII; anything else is not a code.
    code: { type: 'string', minLength: 1, maxLength: 512, pattern: '^[\\x21-\\x7e]+$' },
  },
} as const

const responseSchema = {
  200: {
    type: 'object',
    required: ['token', 'expiresAt', 'userId'],
    additionalProperties: false,
    properties: { token: { type: 'string' }, expiresAt: { type: 'string' }, userId: { type: 'string' } },
  },
} as const

export function loginRoutes(
  api: FastifyInstance,
  deps: { config: AppConfig; clock: Clock; verifiers: LoginVerifiers; replay: LoginCodeClaims },
): void {
  const { config, clock, verifiers, replay } = deps

  api.post<{ Body: LoginBody }>('/api/login', { schema: { body: bodySchema, response: responseSchema } }, async (req, reply) => {
    const { platform, code } = req.body
    const verifier = verifiers[platform]
    if (!verifier) {
      throw new ApiError(400, 'PlatformNotEnabled', `Login for platform "${platform}" is not configured on this backend`)
    }
    // Claim before calling the provider, so two concurrent uses of one code cannot both win.
    if (!(await claimOrFailClosed(replay, platform, code))) {
      throw new ApiError(401, 'CodeReplayed', 'This login code was already used; get a new one')
    }
    let providerUserId: string
    try {
      providerUserId = (await verifier.verify(code)).providerUserId
    } catch (err) {
      if (!(err instanceof LoginError)) throw err
      req.log.warn({ platform, kind: err.kind, providerCode: err.providerCode }, 'login rejected')
      if (err.kind === 'InvalidCode') throw new ApiError(401, 'InvalidCode', err.message)
      if (err.kind === 'ProviderUnavailable') throw new ApiError(502, 'LoginProviderUnavailable', err.message)
      throw new ApiError(502, 'LoginProviderRejected', 'The login provider rejected the backend configuration')
    }
    const userId = deriveUserId(platform, providerUserId)
    const iat = Math.floor(clock.now() / 1000)
    const exp = iat + config.session.ttlSeconds
    const token = signSession(config.session.secret, { sub: userId, plat: platform, iat, exp })
    req.log.info({ platform, userId }, 'login ok')
    reply.header('cache-control', 'no-store')
    return { token, expiresAt: isoSeconds(exp * 1000), userId }
  })
}

/**
 * The replay claim, failing closed: without the shared record (Redis down) a code could be used
 * once per instance, so the login is refused with a 503 (Retry-After) before the provider sees the
 * code; the client logs in again with a fresh code once Redis is back.
 */
async function claimOrFailClosed(replay: LoginCodeClaims, platform: Platform, code: string): Promise<boolean> {
  try {
    return await replay.claim(platform, code)
  } catch (err) {
    if (!(err instanceof StoreUnavailableError)) throw err
    throw new ApiError(
      503,
      'LoginUnavailable',
      'Logins are paused while the backend cannot reach its shared state (Redis); retry shortly',
      STORE_RETRY_AFTER_SECONDS,
    )
  }
}
