// `/__admin/*` — emulator control over HTTP (never exists on the real cloud). JSON in and out.
import type { Ctx } from './http'
import { readBody, replyJson } from './http'
import type { Controls } from './controls'
import type { FaultRule } from './faults'
import type { LoginPlatform } from './login/codes'

async function jsonBody(ctx: Ctx): Promise<Record<string, unknown> | unknown[]> {
  const raw = (await readBody(ctx.req, 64 * 1024)).toString('utf8')
  if (!raw.trim()) return {}
  return JSON.parse(raw) as Record<string, unknown> | unknown[]
}

export async function handleAdmin(ctx: Ctx, controls: Controls, sub: string): Promise<void> {
  const method = ctx.req.method
  const bad = (message: string) => replyJson(ctx, 400, { code: 'InvalidRequest', message })
  try {
    if (sub === 'counters' && method === 'GET') return replyJson(ctx, 200, controls.counters())
    if (sub === 'reset' && method === 'POST') {
      controls.reset()
      return replyJson(ctx, 200, { ok: true })
    }
    if (sub === 'expire-tokens' && method === 'POST') return replyJson(ctx, 200, { expired: controls.expireTokens() })
    if (sub === 'login-code' && method === 'POST') {
      const b = (await jsonBody(ctx)) as { platform?: unknown; user?: unknown }
      if (b.user !== undefined && typeof b.user !== 'string') return bad('user must be a string')
      return replyJson(ctx, 200, { code: controls.mintLoginCode(b.platform as LoginPlatform, b.user) })
    }
    if (sub === 'faults' && method === 'GET') return replyJson(ctx, 200, controls.setFaults({}))
    if (sub === 'faults' && method === 'DELETE') {
      controls.clearFaults()
      return replyJson(ctx, 200, controls.setFaults({}))
    }
    if (sub === 'faults' && method === 'POST') {
      const b = await jsonBody(ctx)
      const settings = Array.isArray(b)
        ? { rules: b as FaultRule[] }
        : { rules: b.rules as FaultRule[] | undefined, clockSkewMs: b.clockSkewMs as number | undefined }
      return replyJson(ctx, 200, controls.setFaults(settings))
    }
    if (sub === 'info' && method === 'GET') {
      const o = ctx.state.options
      return replyJson(ctx, 200, {
        url: ctx.state.baseUrl,
        rootAccessKeyId: o.rootAccessKeyId,
        roleArn: o.roleArn,
        region: o.region,
        buckets: Object.keys(o.buckets),
        alipayAppId: o.alipayAppId,
        alipayPublicKeyPem: ctx.state.alipay.platformPublicKeyPem,
      })
    }
    replyJson(ctx, 404, { code: 'NotFound', message: `no admin route ${method ?? '?'} /__admin/${sub}` })
  } catch (e) {
    bad(e instanceof Error ? e.message : String(e))
  }
}
