// `GET /h5/session?code=` — dev-only stand-in for a web OAuth provider: redeems an `h5` code.
import type { Ctx } from '../http'
import { replyJson } from '../http'
import { enterService } from '../fault-gate'

export async function handleH5Session(ctx: Ctx): Promise<void> {
  const plan = await enterService(ctx, 'login')
  if (plan === 'dropped') return
  if (plan.outcome?.kind === 'error5xx') return replyJson(ctx, 503, { code: 'ServiceUnavailable', message: 'injected fault' })
  if (plan.outcome?.kind === 'throttle') return replyJson(ctx, 429, { code: 'Throttled', message: 'injected fault' })
  const r = ctx.state.loginCodes.redeem('h5', ctx.url.searchParams.get('code') ?? '', ctx.state.clock.now())
  if (!r.ok) {
    ctx.log.code = 'InvalidCode'
    return replyJson(ctx, 400, { code: 'InvalidCode', message: `login code ${r.reason}` })
  }
  replyJson(ctx, 200, { user: r.user })
}
