import type { FastifyInstance } from 'fastify'
import { ApiError } from '../base/errors'
import type { Readiness } from './readiness'

/**
 * Feeds readiness from Fastify's lifecycle: ready once every plugin booted (onReady), closing from
 * `close()` (preClose, https://fastify.dev/docs/latest/Reference/Hooks/#preclose). While closing,
 * a request on a connection kept alive gets a typed 503 and the connection is closed, instead of
 * Fastify's own untyped body (`return503OnClosing` is off for that reason).
 */
export function trackLifecycle(app: FastifyInstance, readiness: Readiness): void {
  app.addHook('onReady', async () => readiness.markBooted())
  app.addHook('preClose', async () => readiness.markClosing())
  app.addHook('onRequest', async (_req, reply) => {
    if (!readiness.closing) return
    reply.header('connection', 'close')
    throw new ApiError(503, 'ShuttingDown', 'This backend instance is shutting down; retry and another one answers', 1)
  })
}
