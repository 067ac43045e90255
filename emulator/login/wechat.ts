// WeChat `GET /sns/jscode2session?appid&secret&js_code&grant_type=authorization_code`.
// Errors are HTTP 200 with {errcode, errmsg}, as WeChat answers.
import { randomBytes } from 'node:crypto'
import type { Ctx } from '../http'
import { replyJson } from '../http'
import { enterService } from '../fault-gate'
import { stableId } from './identity'

export async function handleJscode2session(ctx: Ctx): Promise<void> {
  const plan = await enterService(ctx, 'login')
  if (plan === 'dropped') return
  const err = (errcode: number, errmsg: string) => {
    ctx.log.code = String(errcode)
    replyJson(ctx, 200, { errcode, errmsg: `${errmsg}, rid: ${randomBytes(4).toString('hex')}` })
  }
  if (plan.outcome?.kind === 'error5xx') return err(-1, 'system error')
  if (plan.outcome?.kind === 'throttle') return err(45011, 'api minute-quota reach limit  mustslower  retry next minute')
  const q = ctx.url.searchParams
  const o = ctx.state.options
  if (q.get('appid') !== o.wechatAppId) return err(40013, 'invalid appid')
  if (q.get('secret') !== o.wechatAppSecret) return err(40125, 'invalid appsecret')
  if (q.get('grant_type') !== 'authorization_code') return err(40002, 'invalid grant_type')
  const code = q.get('js_code')
  if (!code) return err(41008, 'missing code')
  const r = ctx.state.loginCodes.redeem('weapp', code, ctx.state.clock.now())
  if (!r.ok) return r.reason === 'used' ? err(40163, 'code been used') : err(40029, 'invalid code')
  replyJson(ctx, 200, {
    openid: `o${stableId(o.wechatAppId, r.user, 27, 'b64')}`,
    session_key: randomBytes(16).toString('base64'),
  })
}
