// GET /results/<id>.png — SegmentCommonImage outputs. Like the real temporary URLs they stop
// working after their lifetime (403 "Request has expired.").
import type { Ctx } from '../http'
import { ossRequestId, reply } from '../http'
import { ossErrors, replyOssError } from './errors'

export function handleResult(ctx: Ctx, id: string): void {
  const requestId = ossRequestId()
  const result = ctx.state.results.get(id)
  if (!result) return replyOssError(ctx, ossErrors.noSuchKey(), requestId)
  if (result.expiresAt <= ctx.state.clock.now()) {
    return replyOssError(ctx, ossErrors.accessDenied('Request has expired.'), requestId)
  }
  reply(ctx, 200, { 'Content-Type': 'image/png', 'x-oss-request-id': requestId }, result.body)
}
