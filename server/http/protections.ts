import type { FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { AppConfig } from '../config'
import { ApiError } from '../base/errors'
import { rateLimitStore } from '../store'
import type { SharedStore } from '../store'

/** Security headers (helmet), CORS for the configured origins only, and the per-IP rate limit on every route. */
export function registerProtections(
  app: FastifyInstance,
  config: AppConfig,
  store: SharedStore | undefined,
  onStoreFallback?: () => void,
): void {
  app.register(helmet)
  app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type'],
    maxAge: 600,
  })
  app.register(rateLimit, {
    global: true,
    // Counters shared by every instance when a shared store is configured (each instance's own
    // while Redis is down); else this process's LRU.
    ...(store ? { store: rateLimitStore(store, { onFallback: onStoreFallback }) } : {}),
    max: config.rateLimit.perIpPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'TooManyRequests', `Rate limit of ${ctx.max} requests per minute exceeded; retry in ${ctx.after}`),
  })
}
