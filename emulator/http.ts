// Small HTTP helpers shared by all routes: the per-request context, body reading with a cap,
// replies that always carry the emulator's `Date` and CORS headers.
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import { randomBytes, randomUUID } from 'node:crypto'
import type { EmulatorState } from './state'
import type { FaultPlan } from './faults'

export interface Ctx {
  req: IncomingMessage
  res: ServerResponse
  url: URL
  state: EmulatorState
  /** For the log line only. */
  log: { service?: string; action?: string; code?: string }
  plan?: FaultPlan
}

export class BodyTooLarge extends Error {}

/** One header's value; the first, should a header arrive as a list. */
export function header(h: IncomingHttpHeaders, name: string): string | undefined {
  const v = h[name]
  return Array.isArray(v) ? v[0] : v
}

export function rpcRequestId(): string {
  return randomUUID().toUpperCase()
}

export function ossRequestId(): string {
  return randomBytes(12).toString('hex').toUpperCase()
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let over = false
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit)
        over = true // keep draining so the client sees our answer, not a reset
      else chunks.push(c)
    })
    req.on('end', () => (over ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks))))
    req.on('error', reject)
  })
}

export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin
  return {
    'Access-Control-Allow-Origin': origin ?? '*',
    ...(origin ? { Vary: 'Origin' } : {}),
    // Date is not CORS-safelisted; the client reads it to detect clock skew.
    'Access-Control-Expose-Headers': 'ETag, x-oss-request-id, x-acs-request-id, Date, Content-Length',
  }
}

export function preflight(ctx: Ctx): void {
  const requested = ctx.req.headers['access-control-request-headers']
  reply(ctx, 204, {
    'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, HEAD, OPTIONS',
    'Access-Control-Allow-Headers':
      typeof requested === 'string' && requested ? requested : 'Authorization, Content-Type, x-acs-*, x-oss-*',
    'Access-Control-Max-Age': '600',
  })
}

export function reply(ctx: Ctx, status: number, headers: Record<string, string> = {}, body?: Buffer | string): void {
  const { res } = ctx
  if (res.headersSent || res.destroyed) return
  const buf = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8')
  res.writeHead(status, {
    Date: ctx.state.clock.httpDate(),
    ...corsHeaders(ctx.req),
    ...(buf ? { 'Content-Length': String(buf.length) } : { 'Content-Length': '0' }),
    ...headers,
  })
  res.end(buf)
}

export function replyJson(ctx: Ctx, status: number, body: unknown, headers: Record<string, string> = {}): void {
  reply(ctx, status, { 'Content-Type': 'application/json;charset=utf-8', ...headers }, JSON.stringify(body))
}

/** Parse `application/x-www-form-urlencoded` (also used for query strings). */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  new URLSearchParams(text).forEach((v, k) => {
    out[k] = v
  })
  return out
}
