import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../config'
import type { Readiness } from '../health/readiness'

/**
 * `/healthz`: liveness, the process answers (restart it if not). `/readyz`: readiness, this
 * instance can serve (send it traffic only then); 503 with the typed `{code, message}` body and
 * every check while not. Neither is rate limited: health checkers poll from one address.
 */
export function healthRoutes(api: FastifyInstance, deps: { config: AppConfig; readiness: Readiness }): void {
  const { config, readiness } = deps
  api.get('/healthz', { config: { rateLimit: false } }, async () => ({ status: 'ok', mode: config.mode }))
  api.get('/readyz', { config: { rateLimit: false } }, async (_req, reply) => {
    reply.header('cache-control', 'no-store')
    const checks = readiness.checks()
    const problems = readiness.problems()
    if (problems.length === 0) return { status: 'ready', checks }
    return reply.status(503).send({ code: 'NotReady', message: `Not ready: ${problems.join('; ')}`, checks })
  })
}
