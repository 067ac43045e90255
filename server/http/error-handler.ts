import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { ApiError, STORE_RETRY_AFTER_SECONDS } from '../base/errors'
import { StoreUnavailableError } from '../store/errors'
import { BODY_LIMIT_BYTES } from './body'

/** Every error answer in the contract's `{code, message}` shape; only 5xx are logged with the error. */
export function errorHandler(err: FastifyError | ApiError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof ApiError) {
    if (err.retryAfterSeconds !== undefined) reply.header('retry-after', String(err.retryAfterSeconds))
    return reply.status(err.statusCode).send({ code: err.code, message: err.message })
  }
  if (err instanceof StoreUnavailableError) {
    // Every route that uses Redis has its own answer; this is the net for one that forgot.
    req.log.warn({ reason: err.message }, 'shared store unavailable')
    reply.header('retry-after', String(STORE_RETRY_AFTER_SECONDS))
    return reply.status(503).send({ code: 'StoreUnavailable', message: 'Shared state (Redis) is unreachable; retry shortly' })
  }
  if (err.validation) {
    return reply.status(400).send({ code: 'BadRequest', message: err.message })
  }
  const status = err.statusCode ?? 500
  if (status === 413)
    return reply.status(413).send({ code: 'PayloadTooLarge', message: `Request bodies are limited to ${BODY_LIMIT_BYTES} bytes` })
  if (status === 415) return reply.status(415).send({ code: 'UnsupportedMediaType', message: 'Send application/json' })
  if (status === 429) return reply.status(429).send({ code: 'TooManyRequests', message: 'Too many requests; slow down' })
  if (status >= 400 && status < 500) {
    // Malformed JSON, empty JSON body, bad header …: Fastify's message is safe and useful.
    return reply.status(status).send({ code: 'BadRequest', message: err.message })
  }
  req.log.error({ err }, 'unhandled error')
  return reply.status(500).send({ code: 'InternalError', message: 'Internal error' })
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply): void {
  reply.status(404).send({ code: 'NotFound', message: `No route ${req.method} ${req.url.split('?')[0]}` })
}
