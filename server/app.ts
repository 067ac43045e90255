import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import type { AppConfig } from './config'
import { systemClock } from './base/clock'
import type { Clock } from './base/clock'
import { trackLifecycle } from './health/lifecycle'
import { Readiness } from './health/readiness'
import { acceptJsonOnly, BODY_LIMIT_BYTES } from './http/body'
import { errorHandler, notFoundHandler } from './http/error-handler'
import { registerProtections } from './http/protections'
import { createLoginVerifiers } from './login'
import type { LoginVerifiers } from './login'
import type { FetchFn } from './login/types'
import { loggerOptions } from './http/logger'
import { countedSts, countRequests, metricsRoute } from './metrics/http'
import { countCacheEvent, createMetrics } from './metrics/registry'
import type { BackendMetrics } from './metrics/registry'
import { registerRoutes } from './routes'
import type { RouteDeps } from './routes'
import { openSharedStore, ReplayStore, SharedReplayClaims } from './store'
import type { SharedStore } from './store'
import { createSdkStsClient, StsCache } from './sts'
import type { StsClient } from './sts'

export { BODY_LIMIT_BYTES } from './http/body'

export interface ServerDeps {
  /** Default: the official STS SDK against `config.sts.endpoint`. */
  sts?: StsClient
  /** Default: the system clock. */
  clock?: Clock
  /** Default: real WeChat / Alipay / DingTalk / h5-dev clients for the platforms config enables. */
  loginVerifiers?: LoginVerifiers
  /** fetch used by the default login verifiers. */
  fetch?: FetchFn
  /** Log destination (tests capture logs here); default stdout. */
  logStream?: { write(line: string): void }
  /** Shared state for several instances; default Redis when `config.redisUrl` is set, else none (in memory). */
  store?: SharedStore
}

/** The backend as a Fastify instance, not yet listening: `main.ts` listens, tests inject. */
export function buildServer(config: AppConfig, deps: ServerDeps = {}): FastifyInstance {
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    // Reject unknown properties and wrong types instead of silently stripping / coercing them.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // Closing answers a typed 503 instead (health/lifecycle.ts).
    return503OnClosing: false,
  })
  app.decorateRequest('userSession', null)
  const store = deps.store ?? openStore(app, config.redisUrl)
  const readiness = new Readiness(store)
  app.decorate('readiness', readiness)
  const metrics = createMetrics({ readiness, store, processMetrics: config.metricsToken !== undefined })
  trackLifecycle(app, readiness)
  countRequests(app, metrics)
  acceptJsonOnly(app)
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler(notFoundHandler)
  registerProtections(app, config, store, () => metrics.storeFallbacks.inc({ use: 'rate_limit' }))
  const routeDeps = { ...createRouteDeps(config, deps, store, metrics), readiness }
  // Routes in a child plugin so the rate-limit plugin's onRoute hook is in place when they register.
  app.register(async (api) => {
    registerRoutes(api, routeDeps)
    if (config.metricsToken) metricsRoute(api, metrics, config.metricsToken)
  })
  return app
}

/**
 * Shared state (Redis) when configured, closed with the server. Only the message is logged:
 * connection errors can carry the URL, and the URL can carry a password.
 */
function openStore(app: FastifyInstance, redisUrl: string | undefined): SharedStore | undefined {
  const store = openSharedStore(redisUrl, {
    onError: (err) => app.log.warn({ reason: err.message.replace(/\/\/[^@\s]*@/g, '//***@') }, 'shared store unavailable'),
    onHealthChange: (state) => {
      if (state === 'up') app.log.info({ redis: state }, 'Redis answers')
      else app.log.warn({ redis: state }, 'Redis does not answer: credentials from memory, rate limits per instance, logins refused (503)')
    },
  })
  if (store) app.addHook('onClose', () => store.close())
  return store
}

/** The implementations the routes use: injected ones from `deps`, else the real ones for `config`. */
function createRouteDeps(
  config: AppConfig,
  deps: ServerDeps,
  store: SharedStore | undefined,
  metrics: BackendMetrics,
): Omit<RouteDeps, 'readiness'> {
  const clock = deps.clock ?? systemClock
  const sts = countedSts(
    deps.sts ??
      createSdkStsClient({
        endpoint: config.sts.endpoint,
        regionId: config.sts.regionId,
        accessKeyId: config.sts.accessKeyId,
        accessKeySecret: config.sts.accessKeySecret,
      }),
    metrics,
  )
  return {
    config,
    clock,
    sts,
    verifiers: deps.loginVerifiers ?? createLoginVerifiers(config, { clock, fetch: deps.fetch }),
    replay: store ? new SharedReplayClaims(store) : new ReplayStore({ clock }),
    cache: new StsCache({ clock, enabled: config.stsCache, shared: store, onEvent: (e) => countCacheEvent(metrics, e) }),
  }
}
