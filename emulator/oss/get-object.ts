// GET/HEAD /oss/<bucket>/<key> — GetObject. Objects are private as in real OSS: allowed with a
// V1 signed URL (OSSAccessKeyId + Expires + Signature [+ security-token]) or on a `publicRead` bucket.
// V1 URL StringToSign = GET\n<Content-MD5>\n<Content-Type>\n<Expires>\n/<bucket>/<key>[?security-token=<t>]
import { createHmac } from 'node:crypto'
import type { Ctx } from '../http'
import { ossRequestId, reply } from '../http'
import { enterService } from '../fault-gate'
import { CredentialStore } from '../credentials'
import { credentialRefusal, OssError, ossErrors, replyOssError } from './errors'
import { sameSignature } from './post-signature'

function authorize(ctx: Ctx, bucket: string, key: string): void {
  const q = ctx.url.searchParams
  const akid = q.get('OSSAccessKeyId')
  if (!akid) {
    if (ctx.state.options.buckets[bucket]?.publicRead) return
    throw ossErrors.accessDenied('You have no right to access this object because of bucket acl.')
  }
  const expires = q.get('Expires') ?? ''
  const signature = q.get('Signature') ?? ''
  if (!/^\d+$/.test(expires) || !signature) throw ossErrors.invalidArgument('Expires and Signature must be provided with OSSAccessKeyId.')
  const token = q.get('security-token') ?? undefined
  const r = ctx.state.credentials.resolve(akid, token, ctx.state.clock.now(), ctx.plan?.expireToken)
  if (!r.ok) throw credentialRefusal(r.reason, akid, ctx.state.credentials.isSts(akid))
  const h = ctx.req.headers
  const resource = `/${bucket}/${key}${token ? `?security-token=${token}` : ''}`
  const stringToSign = `${ctx.req.method === 'HEAD' ? 'HEAD' : 'GET'}\n${h['content-md5'] ?? ''}\n${h['content-type'] ?? ''}\n${expires}\n${resource}`
  const expected = createHmac('sha1', r.credential.accessKeySecret).update(stringToSign, 'utf8').digest('base64')
  if (!sameSignature(expected, signature)) throw ossErrors.signatureMismatch({ OSSAccessKeyId: akid })
  if (Number(expires) * 1000 < ctx.state.clock.now()) throw ossErrors.accessDenied('Request has expired.')
  const o = ctx.state.options
  if (!CredentialStore.allows(r.credential, 'oss:GetObject', `acs:oss:${o.region}:${o.accountId}:${bucket}/${key}`)) {
    throw ossErrors.accessDenied(`You are not authorized to do oss:GetObject on ${bucket}/${key} (RAM policy).`)
  }
}

export async function handleGetObject(ctx: Ctx, bucket: string, key: string): Promise<void> {
  const requestId = ossRequestId()
  const plan = await enterService(ctx, 'oss')
  if (plan === 'dropped') return
  try {
    if (plan.outcome?.kind === 'throttle') throw ossErrors.qpsLimitExceeded()
    if (plan.outcome?.kind === 'error5xx') throw plan.outcome.status === 500 ? ossErrors.internal() : ossErrors.unavailable()
    if (!ctx.state.objects.hasBucket(bucket)) throw ossErrors.noSuchBucket()
    authorize(ctx, bucket, key)
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
