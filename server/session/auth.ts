import type { FastifyRequest } from 'fastify'
import { ApiError } from '../errors'
import { verifySession } from './token'
import type { SessionPayload } from './token'

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
