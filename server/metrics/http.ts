import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import type { StsClient } from '../sts/client'
import type { BackendMetrics } from './registry'

/** Every answer counted by route template (`unmatched` for a 404): a raw URL could carry anything. */
export function countRequests(app: FastifyInstance, metrics: BackendMetrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched'
    metrics.requests.inc({ method: req.method, route, status_code: String(reply.statusCode) })
    metrics.requestSeconds.observe({ method: req.method, route }, reply.elapsedTime / 1000)
  })
}

/** The STS client, counting AssumeRole calls by outcome. */
export function countedSts(sts: StsClient, metrics: BackendMetrics): StsClient {
  return {
    async assumeRole(input) {
      try {
        const creds = await sts.assumeRole(input)
        metrics.assumeRole.inc({ outcome: 'ok' })
        return creds
      } catch (err) {
        metrics.assumeRole.inc({ outcome: 'error' })
        throw err
      }
    },
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest()

/**
 * `GET /metrics` in the Prometheus text format
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), only with
 * `Authorization: Bearer <METRICS_TOKEN>`; compared in constant time.
 */
export function metricsRoute(api: FastifyInstance, metrics: BackendMetrics, token: string): void {
  const expected = digest(`Bearer ${token}`)
  api.get('/metrics', async (req, reply) => {
    const given = digest(req.headers.authorization ?? '')
    if (!timingSafeEqual(given, expected)) {
      return reply.status(401).send({ code: 'Unauthorized', message: 'Send Authorization: Bearer <METRICS_TOKEN>' })
    }
    reply.header('content-type', metrics.registry.contentType).header('cache-control', 'no-store')
    return metrics.registry.metrics()
  })
}
