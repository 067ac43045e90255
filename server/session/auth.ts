import type { FastifyRequest } from 'fastify'
import type { Clock } from '../base/clock'
import { ApiError } from '../base/errors'
import { verifySession } from './token'
import type { SessionPayload } from './token'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `sessionHook` after the bearer token verified. */
    userSession: SessionPayload | null
  }
}

/** Reads and verifies `Authorization: Bearer <session token>`; throws the contract's 401s. */
export function authenticate(req: FastifyRequest, secret: string, nowMs: number): SessionPayload {
  const header = req.headers.authorization
  if (header === undefined || header === '') {
    throw new ApiError(401, 'Unauthorized', 'Log in first: send Authorization: Bearer <token> from POST /api/login')
  }
  const m = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/.exec(header)
  if (!m) throw new ApiError(401, 'InvalidSession', 'Authorization must be "Bearer <token>"')
  const result = verifySession(secret, m[1], nowMs)
  if (!result.ok) {
    throw result.reason === 'SessionExpired'
      ? new ApiError(401, 'SessionExpired', 'The session has expired; log in again')
      : new ApiError(401, 'InvalidSession', 'The session token is not valid; log in again')
  }
  return result.session
}

/**
 * A `preParsing` hook: authenticates before the body is even read (after the per-IP limit, which
 * runs on onRequest), so anonymous callers get 401 whatever they send.
 */
export function sessionHook(secret: string, clock: Clock): (req: FastifyRequest) => Promise<void> {
  return async (req) => {
    req.userSession = authenticate(req, secret, clock.now())
  }
}

/** The session `sessionHook` verified; 401 when there is none. */
export function requireSession(req: FastifyRequest): SessionPayload {
  if (!req.userSession) throw new ApiError(401, 'Unauthorized', 'Log in first')
  return req.userSession
}
