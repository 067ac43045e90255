// Applies the fault plan of a request once its service is known: latency first, then a dropped
// socket (the client sees a reset mid-request), else hands the plan back so the route can answer
// an injected 5xx / throttle in its own wire format.
import type { Ctx } from './http'
import type { FaultPlan, Service } from './faults'

export async function enterService(ctx: Ctx, service: Service): Promise<FaultPlan | 'dropped'> {
  ctx.log.service = service
  const plan = ctx.state.faults.plan(service)
  ctx.plan = plan
  if (plan.latencyMs > 0) await new Promise((r) => setTimeout(r, plan.latencyMs))
  if (plan.outcome?.kind === 'drop') {
    ctx.log.code = 'fault:drop'
    ctx.req.socket.destroy()
    return 'dropped'
  }
  return plan
}
