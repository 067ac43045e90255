import type { FastifyRequest, FastifyServerOptions } from 'fastify'
import type { AppConfig } from '../config'

// Pino (Fastify's logger) with redaction as a safety net. The first line of defence is that the
// code never logs credentials, tokens or login codes; these paths catch anything that slips
// through (a debug log of a request/response object, a future field).
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'accessKeySecret',
  '*.accessKeySecret',
  'securityToken',
  '*.securityToken',
  'token',
  '*.token',
  'code',
  'body.code',
  'req.body.code',
  'loginCode',
  'secret',
  '*.secret',
  'appSecret',
  '*.appSecret',
  'privateKeyPem',
  '*.privateKeyPem',
]

/** Request log line without the query string: nothing secret belongs there, but clients err. */
// Defensive: anything logged under `req` passes through here, not only Fastify requests.
function serializeRequest(request: FastifyRequest) {
  const req = request as Partial<Record<'method' | 'url' | 'id' | 'ip', unknown>>
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined)
  return {
    method: text(req.method),
    url: text(req.url)?.split('?')[0],
    reqId: text(req.id),
    remoteAddress: text(req.ip),
  }
}

export function loggerOptions(config: Pick<AppConfig, 'logLevel'>, stream?: { write(line: string): void }): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: { req: serializeRequest },
    ...(stream ? { stream } : {}),
  }
}
