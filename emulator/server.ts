// The one HTTP server and its router. Each route lives in its own module; this file only maps
// method + path to them, answers CORS preflights and writes one log line per request.
import { createServer, type Server } from 'node:http'
import type { EmulatorState } from './state'
import type { Controls } from './controls'
import type { Logger } from './logger'
import { preflight, replyJson, type Ctx } from './http'
import { handleRpc } from './rpc/handler'
import { handlePostObject } from './oss/post-object'
import { handleGetObject } from './oss/get-object'
import { handleResult } from './oss/results'
import { handleJscode2session } from './login/wechat'
import { handleAlipayGateway } from './login/alipay'
import { handleGetToken, handleGetUserInfo } from './login/dingtalk'
import { handleH5Session } from './login/h5'
import { handleAdmin } from './admin'

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s)
  } catch {
    return null
  }
}

async function route(ctx: Ctx, controls: Controls): Promise<void> {
  const method = ctx.req.method ?? 'GET'
  const path = ctx.url.pathname
  if (method === 'OPTIONS') return preflight(ctx)
  if (path === '/' && (method === 'GET' || method === 'POST')) return handleRpc(ctx)

  // `/oss/<bucket>` plays the bucket's default public endpoint, `/bound/<bucket>` its bound custom domain.
  const oss = /^\/(oss|bound)\/([^/]+)(?:\/(.*))?$/.exec(path)
  if (oss) {
    const bucket = safeDecode(oss[2])
    const key = oss[3] ? safeDecode(oss[3]) : ''
    if (bucket === null || key === null)
      return replyJson(ctx, 400, { code: 'InvalidURI', message: 'Malformed percent-encoding in the object path.' })
    const endpoint = oss[1] === 'oss' ? 'default' : 'bound'
    if (method === 'POST' && !key) return handlePostObject(ctx, bucket, endpoint)
    if ((method === 'GET' || method === 'HEAD') && key) return handleGetObject(ctx, bucket, key, endpoint)
  }
  const result = /^\/results\/([0-9a-f]+)\.png$/.exec(path)
  if (result && method === 'GET') return handleResult(ctx, result[1])

  if (path === '/sns/jscode2session' && method === 'GET') return handleJscode2session(ctx)
  if (path === '/gateway.do' && method === 'POST') return handleAlipayGateway(ctx)
  if (path === '/gettoken' && method === 'GET') return handleGetToken(ctx)
  if (path === '/topapi/v2/user/getuserinfo' && method === 'POST') return handleGetUserInfo(ctx)
  if (path === '/h5/session' && method === 'GET') return handleH5Session(ctx)
  if (path.startsWith('/__admin/')) return handleAdmin(ctx, controls, path.slice('/__admin/'.length))
  replyJson(ctx, 404, { code: 'NotFound', message: `no emulator route ${method} ${path}` })
}

export function createEmulatorServer(state: EmulatorState, controls: Controls, log: Logger): Server {
  let seq = 0
  return createServer((req, res) => {
    const started = Date.now()
    const ctx: Ctx = { req, res, url: new URL(req.url ?? '/', 'http://emulator.local'), state, log: {} }
    const reqId = `e${++seq}`
    res.on('close', () => {
      log({
        reqId,
        method: req.method ?? '',
        path: ctx.url.pathname, // never the query: it may hold signatures, tokens, codes
        ...ctx.log,
        status: res.headersSent ? res.statusCode : 0,
        ms: Date.now() - started,
      })
    })
    route(ctx, controls).catch(() => {
      ctx.log.code = 'EmulatorBug'
      if (!res.headersSent) replyJson(ctx, 500, { code: 'InternalError', message: 'emulator internal error' })
      else res.destroy()
    })
  })
}
