// DingTalk `GET /gettoken?appkey&appsecret` and
// `POST /topapi/v2/user/getuserinfo?access_token=…` with JSON {code}. HTTP 200, {errcode, errmsg}.
import { randomBytes } from 'node:crypto'
import type { Ctx } from '../http'
import { readBody, replyJson } from '../http'
import { enterService } from '../fault-gate'
import type { FaultPlan } from '../faults'
import { stableId } from './identity'

const TOKEN_TTL_S = 7200

function faultReply(ctx: Ctx, plan: FaultPlan): boolean {
  if (plan.outcome?.kind === 'error5xx') {
    ctx.log.code = '-1'
    replyJson(ctx, 200, { errcode: -1, errmsg: '系统繁忙' })
    return true
  }
  if (plan.outcome?.kind === 'throttle') {
    ctx.log.code = '90018'
    replyJson(ctx, 200, { errcode: 90018, errmsg: '当前请求过多，请稍后重试' })
    return true
  }
  return false
}

export async function handleGetToken(ctx: Ctx): Promise<void> {
  const plan = await enterService(ctx, 'login')
  if (plan === 'dropped' || faultReply(ctx, plan)) return
  const q = ctx.url.searchParams
  const o = ctx.state.options
  if (q.get('appkey') !== o.dingtalkAppKey || q.get('appsecret') !== o.dingtalkAppSecret) {
    ctx.log.code = '40089'
    return replyJson(ctx, 200, { errcode: 40089, errmsg: '不合法的corpid或corpsecret' })
  }
  const token = randomBytes(16).toString('hex')
  ctx.state.dingtalkTokens.set(token, ctx.state.clock.now() + TOKEN_TTL_S * 1000)
  replyJson(ctx, 200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: TOKEN_TTL_S })
}

export async function handleGetUserInfo(ctx: Ctx): Promise<void> {
  const plan = await enterService(ctx, 'login')
  if (plan === 'dropped' || faultReply(ctx, plan)) return
  const body = await readBody(ctx.req, 64 * 1024).catch(() => Buffer.alloc(0))
  const err = (errcode: number, errmsg: string) => {
    ctx.log.code = String(errcode)
    replyJson(ctx, 200, { errcode, errmsg, request_id: randomBytes(8).toString('hex') })
  }
  const token = ctx.url.searchParams.get('access_token') ?? ''
  const exp = ctx.state.dingtalkTokens.get(token)
  if (exp === undefined) return err(40014, '不合法的access_token')
  if (exp <= ctx.state.clock.now()) return err(42001, 'access_token超时')
  let code = ''
  try {
    const parsed = JSON.parse(body.toString('utf8') || '{}') as { code?: unknown }
    code = typeof parsed.code === 'string' ? parsed.code : ''
  } catch {
    return err(40035, '不合法的参数')
  }
  if (!code) return err(40035, '缺少参数 code')
  const r = ctx.state.loginCodes.redeem('dd', code, ctx.state.clock.now())
  if (!r.ok) return err(40078, '不存在的临时授权码')
  const o = ctx.state.options
  replyJson(ctx, 200, {
    errcode: 0,
    errmsg: 'ok',
    result: {
      userid: r.user,
      unionid: stableId(`dingtalk-corp`, r.user, 22, 'b64'),
      name: r.user,
      device_id: stableId(o.dingtalkAppKey, r.user, 16, 'b64'),
      sys: false,
      sys_level: 0,
    },
    request_id: randomBytes(8).toString('hex'),
  })
}
