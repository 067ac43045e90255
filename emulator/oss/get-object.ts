// GET/HEAD /oss/<bucket>/<key> (or /bound/<bucket>/<key>) — GetObject. Objects are private as in
// real OSS: allowed with a V1 or V4 signed URL, or on a `publicRead` bucket (read-access.ts).
import type { Ctx } from '../http'
import { ossRequestId, reply } from '../http'
import { enterService } from '../fault-gate'
import { OssError, ossErrors, replyOssError } from './errors'
import { authorizeRead } from './read-access'
import { checkEndpointAllowed, type OssEndpointKind } from './endpoint'

export async function handleGetObject(ctx: Ctx, bucket: string, key: string, endpoint: OssEndpointKind = 'default'): Promise<void> {
  const requestId = ossRequestId()
  const plan = await enterService(ctx, 'oss')
  if (plan === 'dropped') return
  try {
    if (plan.outcome?.kind === 'throttle') throw ossErrors.qpsLimitExceeded()
    if (plan.outcome?.kind === 'error5xx') throw plan.outcome.status === 500 ? ossErrors.internal() : ossErrors.unavailable()
    if (!ctx.state.objects.hasBucket(bucket)) throw ossErrors.noSuchBucket()
    checkEndpointAllowed(ctx.state, bucket, endpoint)
    const method = ctx.req.method === 'HEAD' ? 'HEAD' : 'GET'
    authorizeRead(ctx.state, {
      method,
      bucket,
      key,
      query: ctx.url.searchParams,
      headers: ctx.req.headers,
      expireToken: ctx.plan?.expireToken,
    })
    const obj = ctx.state.objects.get(bucket, key, ctx.state.clock.now())
    if (!obj) throw ossErrors.noSuchKey()
    const headers = {
      'Content-Type': obj.contentType,
      ETag: obj.etag,
      'Last-Modified': new Date(obj.lastModified).toUTCString(),
      'x-oss-request-id': requestId,
    }
    if (ctx.req.method === 'HEAD') return reply(ctx, 200, { ...headers, 'Content-Length': String(obj.body.length) })
    reply(ctx, 200, headers, obj.body)
  } catch (e) {
    replyOssError(ctx, e instanceof OssError ? e : ossErrors.internal(), requestId, bucket)
  }
}
