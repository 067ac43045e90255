// Alipay `POST /gateway.do`, method `alipay.system.oauth.token`. The request is RSA2-signed by
// the backend: sign = base64(RSA-SHA256(appPrivateKey, sorted "k=v&…" of every non-empty
// parameter except `sign` — `sign_type` IS included for requests; only notify verification drops it)).
// Answers are HTTP 200 JSON with the response node signed by "Alipay" (the emulator's platform key),
// built by string concatenation so the signed text is byte-identical to what is in the body.
import { createSign, createVerify, randomBytes } from 'node:crypto'
import type { Ctx } from '../http'
import { parseForm, readBody, reply } from '../http'
import { enterService } from '../fault-gate'
import { stableId } from './identity'

const METHOD = 'alipay.system.oauth.token'
const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000
/** The gateway's sub_msg for a bad signature; the text it signed follows it. */
const SIGNATURE_MISMATCH = '验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：'

export function alipaySignContent(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
}

/** `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8), as the gateway expects. */
function parseAlipayTimestamp(s: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(s)
  if (!m) return null
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}+08:00`)
  return Number.isNaN(ms) ? null : ms
}

class AlipayError extends Error {
  constructor(
    readonly code: string,
    readonly msg: string,
    readonly subCode: string,
    readonly subMsg: string,
  ) {
    super(subCode)
  }
}
const missing = (what: string) => new AlipayError('40001', 'Missing Required Arguments', `isv.missing-${what}`, `缺少${what}参数`)
const invalid = (sub: string, subMsg: string) => new AlipayError('40002', 'Invalid Arguments', sub, subMsg)

function respond(ctx: Ctx, node: string, inner: Record<string, unknown>): void {
  const innerText = JSON.stringify(inner)
  const sign = createSign('RSA-SHA256').update(innerText, 'utf8').sign(ctx.state.alipay.platformPrivateKey, 'base64')
  const body = `{"${node}":${innerText},"sign":"${sign}"}`
  reply(ctx, 200, { 'Content-Type': 'text/html;charset=utf-8' }, body)
}

function check(ctx: Ctx, p: Record<string, string>): string {
  for (const [field, name] of [
    ['app_id', 'app-id'],
    ['method', 'method'],
    ['sign', 'signature'],
    ['sign_type', 'signature-type'],
    ['timestamp', 'timestamp'],
  ]) {
    if (!p[field]) throw missing(name)
  }
  if (p.app_id !== ctx.state.options.alipayAppId) throw invalid('isv.invalid-app-id', '无效的AppID参数')
  if (p.method !== METHOD) throw invalid('isv.invalid-method', '不存在的方法名')
  if (p.sign_type !== 'RSA2') throw invalid('isv.invalid-signature-type', '无效的签名类型')
  if (p.charset && p.charset.toLowerCase() !== 'utf-8') throw invalid('isv.invalid-charset', '字符集错误')
  const ts = parseAlipayTimestamp(p.timestamp)
  if (ts === null || Math.abs(ts - ctx.state.clock.now()) > TIMESTAMP_WINDOW_MS) throw invalid('isv.invalid-timestamp', '非法的时间戳参数')
  const content = alipaySignContent(p)
  let ok = false
  try {
    ok = createVerify('RSA-SHA256').update(content, 'utf8').verify(ctx.state.alipay.appPublicKey, p.sign, 'base64')
  } catch {
    ok = false
  }
  if (!ok) {
    throw invalid('isv.invalid-signature', `${SIGNATURE_MISMATCH}${content}`)
  }
  if (p.grant_type !== 'authorization_code') throw invalid('isv.grant-type-invalid', 'grant_type参数不正确')
  if (!p.code) throw invalid('isv.code-invalid', '授权码code无效')
  const r = ctx.state.loginCodes.redeem('alipay', p.code, ctx.state.clock.now())
  if (!r.ok) throw invalid('isv.code-invalid', '授权码code无效')
  return r.user
}

export async function handleAlipayGateway(ctx: Ctx): Promise<void> {
  const plan = await enterService(ctx, 'login')
  if (plan === 'dropped') return
  const body = await readBody(ctx.req, 64 * 1024).catch(() => Buffer.alloc(0))
  const params = { ...parseForm(ctx.url.search.slice(1)), ...parseForm(body.toString('utf8')) }
  const errorNode = (e: AlipayError) => {
    ctx.log.code = e.subCode
    respond(ctx, 'error_response', { code: e.code, msg: e.msg, sub_code: e.subCode, sub_msg: e.subMsg })
  }
  if (plan.outcome?.kind === 'error5xx') {
    return errorNode(new AlipayError('20000', 'Service Currently Unavailable', 'isp.unknow-error', '系统繁忙'))
  }
  if (plan.outcome?.kind === 'throttle') {
    return errorNode(new AlipayError('20000', 'Service Currently Unavailable', 'aop.ratelimit', '调用频率超限'))
  }
  let user: string
  try {
    user = check(ctx, params)
  } catch (e) {
    if (e instanceof AlipayError) return errorNode(e)
    throw e
  }
  const appId = ctx.state.options.alipayAppId
  const now = ctx.state.clock.now()
  respond(ctx, 'alipay_system_oauth_token_response', {
    user_id: `2088${stableId('alipay', user, 12, 'digits')}`,
    open_id: stableId(appId, user, 40, 'b64'),
    access_token: `authusrB${randomBytes(16).toString('hex')}`,
    expires_in: 1296000,
    refresh_token: `authusrB${randomBytes(16).toString('hex')}`,
    re_expires_in: 2592000,
    auth_start: new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 19).replace('T', ' '),
  })
}
