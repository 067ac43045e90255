// `/` — every RPC call. Parses query + form/JSON body, finds the action, applies faults, then
// authenticates (V1 or V3), checks RAM permission and runs the action. Errors use the POP shape.
import type { Ctx } from '../http'
import { BodyTooLarge, parseForm, readBody, replyJson, rpcRequestId } from '../http'
import { enterService } from '../fault-gate'
import { CredentialStore } from '../credentials'
import { RpcError, rpcErrorBody, rpcErrors } from './errors'
import { authenticate, readClaims, type RpcRequest } from './auth'
import { findAction } from './actions'

const MAX_RPC_BODY = 1024 * 1024

function bodyParams(contentType: string, body: Buffer): Record<string, string> {
  if (body.length === 0) return {}
  if (contentType.includes('application/x-www-form-urlencoded')) return parseForm(body.toString('utf8'))
  if (contentType.includes('application/json')) {
    try {
      const obj = JSON.parse(body.toString('utf8')) as Record<string, unknown>
      const out: Record<string, string> = {}
      for (const [k, v] of Object.entries(obj ?? {})) out[k] = typeof v === 'string' ? v : JSON.stringify(v)
      return out
    } catch {
      return {}
    }
  }
  return {}
}

export async function handleRpc(ctx: Ctx): Promise<void> {
  const requestId = rpcRequestId()
  const hostId = ctx.req.headers.host ?? '127.0.0.1'
  const fail = (err: RpcError) => {
    ctx.log.code = err.code
    replyJson(ctx, err.status, rpcErrorBody(err, requestId, hostId), { 'x-acs-request-id': requestId })
  }
  try {
    let body: Buffer
    try {
      body = await readBody(ctx.req, MAX_RPC_BODY)
    } catch (e) {
      if (e instanceof BodyTooLarge) throw rpcErrors.invalidParameter('InvalidParameter', 'Request body is too large.')
      throw e
    }
    const query = parseForm(ctx.url.search.slice(1))
    const req: RpcRequest = {
      method: ctx.req.method ?? 'GET',
      path: ctx.url.pathname,
      query,
      params: { ...query, ...bodyParams(String(ctx.req.headers['content-type'] ?? ''), body) },
      headers: ctx.req.headers,
      body,
    }
    const claims = readClaims(req)
    ctx.log.action = claims.action
    const action = findAction(claims.action)
    if (!action) throw rpcErrors.actionNotFound()
    if (action.version !== claims.version) throw rpcErrors.invalidVersion()

    const plan = await enterService(ctx, action.service)
    if (plan === 'dropped') return
    if (plan.outcome?.kind === 'error5xx') throw plan.outcome.status === 500 ? rpcErrors.internal() : rpcErrors.unavailable()
    if (plan.outcome?.kind === 'throttle') throw rpcErrors.throttling()

    const credential = authenticate(ctx.state, claims, plan.expireToken)
    if (action.rootOnly && credential.kind !== 'root') throw rpcErrors.noPermission()
    if (action.ramAction) {
      const o = ctx.state.options
      const product = action.ramAction.slice(0, action.ramAction.indexOf(':'))
      if (!CredentialStore.allows(credential, action.ramAction, `acs:${product}:${o.region}:${o.accountId}:*`)) {
        throw rpcErrors.forbiddenRam()
      }
    }
    const result = await action.run({ state: ctx.state, credential, params: req.params, requestId })
    replyJson(ctx, 200, result, { 'x-acs-request-id': requestId })
  } catch (e) {
    if (e instanceof RpcError) return fail(e)
    ctx.log.code = 'InternalError'
    fail(rpcErrors.internal())
  }
}
