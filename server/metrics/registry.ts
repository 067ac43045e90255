import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { Readiness } from '../health/readiness'
import type { SharedStore } from '../store'
import type { CacheEvent } from '../sts/cache'

/**
 * The backend's Prometheus metrics (prom-client, https://github.com/siimon/prom-client), one
 * registry per server so several can run in one process. Labels are route templates, methods,
 * status codes and fixed outcome words only: never a user id, token, code or raw URL (the logs may
 * name a user id; a label per user would also make one time series per user, which Prometheus
 * warns against: https://prometheus.io/docs/practices/naming/#labels).
 */
export interface BackendMetrics {
  registry: Registry
  requests: Counter<'method' | 'route' | 'status_code'>
  requestSeconds: Histogram<'method' | 'route'>
  assumeRole: Counter<'outcome'>
  credentialCache: Counter<'result'>
  storeFallbacks: Counter<'use'>
}

// Seconds: the 1 s Redis budget and the 2 s "slowest answer" target sit on bucket edges.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10]

export function createMetrics(deps: { readiness: Readiness; store?: SharedStore; processMetrics: boolean }): BackendMetrics {
  const registry = new Registry()
  // CPU, memory, event-loop lag, GC: observers only worth running when someone scrapes them.
  if (deps.processMetrics) collectDefaultMetrics({ register: registry })
  const on = { registers: [registry] }
  new Gauge({
    name: 'viapi_ready',
    help: '1 while /readyz answers 200, else 0',
    ...on,
    collect() {
      this.set(deps.readiness.problems().length === 0 ? 1 : 0)
    },
  })
  if (deps.store) {
    const store = deps.store
    new Gauge({
      name: 'viapi_redis_up',
      help: '1 while Redis (REDIS_URL) answers, else 0',
      ...on,
      collect() {
        this.set(store.health() === 'up' ? 1 : 0)
      },
    })
  }
  return {
    registry,
    requests: new Counter({
      name: 'viapi_http_requests_total',
      help: 'HTTP requests answered, by route template and status',
      labelNames: ['method', 'route', 'status_code'],
      ...on,
    }),
    requestSeconds: new Histogram({
      name: 'viapi_http_request_duration_seconds',
      help: 'Time to answer, by route template',
      labelNames: ['method', 'route'],
      buckets: LATENCY_BUCKETS,
      ...on,
    }),
    assumeRole: new Counter({
      name: 'viapi_sts_assume_role_total',
      help: 'AssumeRole calls to STS, by outcome (ok, error)',
      labelNames: ['outcome'],
      ...on,
    }),
    credentialCache: new Counter({
      name: 'viapi_credential_cache_lookups_total',
      help: 'Per-user credential cache lookups: hit_memory, hit_shared, joined (a mint in flight), miss (minted)',
      labelNames: ['result'],
      ...on,
    }),
    storeFallbacks: new Counter({
      name: 'viapi_store_fallbacks_total',
      help: 'Times Redis could not answer and this instance used its own memory: credential_cache, rate_limit',
      labelNames: ['use'],
      ...on,
    }),
  }
}

/** A credential-cache event as its counter: lookups by result, and Redis fallbacks apart. */
export function countCacheEvent(metrics: BackendMetrics, event: CacheEvent): void {
  if (event === 'store-down') metrics.storeFallbacks.inc({ use: 'credential_cache' })
  else metrics.credentialCache.inc({ result: event.replace('-', '_') })
}
