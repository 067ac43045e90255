import Fastify from 'fastify'
import type { FastifyError, FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import helmet from '@fastify/helmet'
import rateLimit from '@fastify/rate-limit'
import type { AppConfig } from './config'
import { systemClock } from './clock'
import type { Clock } from './clock'
import { ApiError } from './errors'
import { createLoginVerifiers } from './login'
import type { LoginVerifiers } from './login'
import type { FetchFn } from './login/types'
import { loggerOptions } from './logger'
import { ReplayStore } from './store/replay-store'
import { loginRoutes } from './routes/login'
import { stsRoutes } from './routes/sts'
import { ossPolicyRoutes } from './routes/oss-policy'
import type { SessionPayload } from './session/token'
import { openSharedStore, rateLimitStore, SharedReplayClaims } from './store'
import type { SharedStore } from './store'
import { StsCache } from './sts/cache'
import { createSdkStsClient } from './sts/client'
import type { StsClient } from './sts/client'

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by /api/sts after the bearer token verified. */
    userSession: SessionPayload | null
  }
}

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

/** Requests carry a platform and a login code at most: 8 KB is plenty and bounds parse work. */
export const BODY_LIMIT_BYTES = 8 * 1024

export function buildServer(config: AppConfig, deps: ServerDeps = {}): FastifyInstance {
  const clock = deps.clock ?? systemClock
  const app = Fastify({
    logger: loggerOptions(config, deps.logStream),
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: config.trustProxy,
    // Reject unknown properties and wrong types instead of silently stripping / coercing them.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  })
  app.decorateRequest('userSession', null)

  // Shared state (Redis) when configured; closed with the server. Only the message is logged:
  // connection errors can carry the URL, and the URL can carry a password.
  const store = deps.store ?? openSharedStore(config.redisUrl, (err) => app.log.warn({ reason: err.message.replace(/\/\/[^@\s]*@/g, '//***@') }, 'shared store unavailable'))
  if (store && !deps.store) app.addHook('onClose', () => store.close())

  // Mini-program request APIs send `content-type: application/json` even with no body (a bare
  // POST /api/sts). Treat an empty body as "no body" instead of a JSON syntax error.
  // JSON is the only accepted body type; anything else is a 415 rather than a surprise string body.
  const defaultJson = app.getDefaultJsonParser('error', 'error')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') {
      done(null, undefined)
      return
    }
    defaultJson(req, text, done)
  })

  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) {
      return reply.status(err.statusCode).send({ code: err.code, message: err.message })
    }
    if ((err as FastifyError).validation) {
      return reply.status(400).send({ code: 'BadRequest', message: err.message })
    }
    const status = err.statusCode ?? 500
    if (status === 413) return reply.status(413).send({ code: 'PayloadTooLarge', message: `Request bodies are limited to ${BODY_LIMIT_BYTES} bytes` })
    if (status === 415) return reply.status(415).send({ code: 'UnsupportedMediaType', message: 'Send application/json' })
    if (status === 429) return reply.status(429).send({ code: 'TooManyRequests', message: 'Too many requests; slow down' })
    if (status >= 400 && status < 500) {
      // Malformed JSON, empty JSON body, bad header …: Fastify's message is safe and useful.
      return reply.status(status).send({ code: 'BadRequest', message: err.message })
    }
    req.log.error({ err }, 'unhandled error')
    return reply.status(500).send({ code: 'InternalError', message: 'Internal error' })
  })
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ code: 'NotFound', message: `No route ${req.method} ${req.url.split('?')[0]}` })
  })

  app.register(helmet)
  app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    methods: ['GET', 'POST'],
    allowedHeaders: ['authorization', 'content-type'],
    maxAge: 600,
  })
  app.register(rateLimit, {
    global: true,
    // Counters shared by every instance when a shared store is configured; else this process's LRU.
    ...(store ? { store: rateLimitStore(store) } : {}),
    max: config.rateLimit.perIpPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'TooManyRequests', `Rate limit of ${ctx.max} requests per minute exceeded; retry in ${ctx.after}`),
  })

  const sts = deps.sts ?? createSdkStsClient({
    endpoint: config.sts.endpoint,
    regionId: config.sts.regionId,
    accessKeyId: config.sts.accessKeyId,
    accessKeySecret: config.sts.accessKeySecret,
  })
  const verifiers = deps.loginVerifiers ?? createLoginVerifiers(config, { clock, fetch: deps.fetch })
  const replay = store ? new SharedReplayClaims(store) : new ReplayStore({ clock })
  const cache = new StsCache({ clock, enabled: config.stsCache, shared: store })

  // Routes in a child plugin so the rate-limit plugin's onRoute hook is in place when they register.
  app.register(async (api) => {
    api.get('/healthz', { config: { rateLimit: false } }, async () => ({ status: 'ok', mode: config.mode }))
    loginRoutes(api, { config, clock, verifiers, replay })
    stsRoutes(api, { config, clock, sts, cache })
    ossPolicyRoutes(api, { config, clock, sts, cache })
  })
  return app
}
