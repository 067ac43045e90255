// POST /oss/<bucket> (or /bound/<bucket>) — PostObject. Everything is checked before anything is stored, so a refused
// upload never leaves an object behind. Check order: form → bucket → key → credentials/token →
// signature → policy (expiry, V4 fields present, conditions) → size → RAM → store.
import type { Ctx } from '../http'
import { ossRequestId, reply } from '../http'
import { enterService } from '../fault-gate'
import { parseOssV4Date } from '../clock'
import { CredentialStore, type Credential } from '../credentials'
import { MalformedPost, parsePostForm, type PostForm } from './multipart'
import { credentialRefusal, OssError, ossErrors, replyOssError, xml } from './errors'
import { checkConditions, decodePolicy, referencedFields } from './post-policy'
import { parseV4Credential, postSignatureV1, postSignatureV4, sameSignature } from './post-signature'
import { bucketBaseUrl, checkEndpointAllowed, type OssEndpointKind } from './endpoint'

const V4_ALGORITHM = 'OSS4-HMAC-SHA256'
/** Like every OSS V4 request, x-oss-date must be within 15 minutes of the server's clock. */
const V4_DATE_WINDOW_MS = 15 * 60 * 1000

function need(fields: Record<string, string>, name: string): string {
  const v = fields[name]
  if (!v) throw ossErrors.invalidArgument(`The form field "${name}" must be provided.`)
  return v
}

function resolveCredential(ctx: Ctx, accessKeyId: string, token: string | undefined): Credential {
  const r = ctx.state.credentials.resolve(accessKeyId, token, ctx.state.clock.now(), ctx.plan?.expireToken)
  if (r.ok) return r.credential
  throw credentialRefusal(r.reason, accessKeyId, ctx.state.credentials.isSts(accessKeyId))
}

interface Verified {
  credential: Credential
  policyBase64: string
  v4: boolean
}

function verifySignature(ctx: Ctx, f: Record<string, string>): Verified {
  const token = f['x-oss-security-token'] || undefined
  if (f['x-oss-signature-version'] !== undefined) {
    if (f['x-oss-signature-version'] !== V4_ALGORITHM)
      throw ossErrors.invalidArgument(`Unsupported x-oss-signature-version; use ${V4_ALGORITHM}.`)
    const credentialField = need(f, 'x-oss-credential')
    const date = need(f, 'x-oss-date')
    const signature = need(f, 'x-oss-signature')
    const policyBase64 = need(f, 'policy')
    const cred = parseV4Credential(credentialField)
    if (!cred)
      throw ossErrors.invalidArgument('Invalid x-oss-credential; expected <AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request.')
    const signedAt = parseOssV4Date(date)
    if (signedAt === null) throw ossErrors.invalidArgument('Invalid x-oss-date; expected yyyymmddTHHMMSSZ.')
    if (Math.abs(signedAt - ctx.state.clock.now()) > V4_DATE_WINDOW_MS) throw ossErrors.timeTooSkewed()
    if (date.slice(0, 8) !== cred.date) throw ossErrors.invalidArgument('The date in x-oss-credential does not match x-oss-date.')
    if (cred.region !== ctx.state.options.region) {
      throw ossErrors.invalidArgument(`Invalid signing region in x-oss-credential: expected ${ctx.state.options.region}.`)
    }
    const credential = resolveCredential(ctx, cred.accessKeyId, token)
    const expected = postSignatureV4(credential.accessKeySecret, cred.date, cred.region, policyBase64)
    if (!sameSignature(expected, signature.toLowerCase())) {
      throw ossErrors.signatureMismatch({ StringToSign: policyBase64, OSSAccessKeyId: cred.accessKeyId })
    }
    return { credential, policyBase64, v4: true }
  }
  if (f.ossaccesskeyid !== undefined) {
    const signature = need(f, 'signature')
    const policyBase64 = need(f, 'policy')
    const credential = resolveCredential(ctx, f.ossaccesskeyid, token)
    if (!sameSignature(postSignatureV1(credential.accessKeySecret, policyBase64), signature)) {
      throw ossErrors.signatureMismatch({ StringToSign: policyBase64, OSSAccessKeyId: f.ossaccesskeyid })
    }
    return { credential, policyBase64, v4: false }
  }
  // Anonymous PostObject needs a public-read-write bucket; the emulator has none.
  throw ossErrors.accessDenied('You have no right to access this object because of bucket acl.')
}

function validate(ctx: Ctx, bucket: string, form: PostForm): { key: string; body: Buffer; contentType: string } {
  const f = form.fields
  if (!ctx.state.objects.hasBucket(bucket)) throw ossErrors.noSuchBucket()
  if (!form.file) {
    const late = form.ignoredAfterFile.length ? ` (fields after "file" are ignored: ${form.ignoredAfterFile.join(', ')})` : ''
    throw ossErrors.invalidArgument(`The form field "file" must be provided as the last field.${late}`)
  }
  const file = form.file
  const key = need(f, 'key').replace(/\$\{filename\}/g, file.filename)
  if (Buffer.byteLength(key) > 1023 || key.startsWith('/') || key.startsWith('\\')) throw ossErrors.invalidObjectName()

  const { credential, policyBase64, v4 } = verifySignature(ctx, f)
  const policy = decodePolicy(policyBase64)
  if (policy.expiration <= ctx.state.clock.now()) throw ossErrors.accessDenied('Invalid according to Policy: Policy expired.')
  if (v4) {
    // OSS requires the V4 signing fields (and the STS token) to be pinned in the signed policy.
    const referenced = referencedFields(policy.conditions)
    const required = ['x-oss-signature-version', 'x-oss-credential', 'x-oss-date']
    if (f['x-oss-security-token']) required.push('x-oss-security-token')
    for (const name of required) {
      if (!referenced.has(name)) throw ossErrors.policyCondition(`${name} must be specified in the policy conditions.`)
    }
  }
  const contentType = f['content-type'] || file.mimeType || 'application/octet-stream'
  checkConditions(policy.conditions, {
    values: { ...f, bucket, key, 'content-type': contentType },
    size: file.size,
  })
  if (file.truncated || file.size > ctx.state.options.maxUploadBytes) throw ossErrors.tooLarge()

  const o = ctx.state.options
  if (!CredentialStore.allows(credential, 'oss:PutObject', `acs:oss:${o.region}:${o.accountId}:${bucket}/${key}`)) {
    throw ossErrors.accessDenied(`You are not authorized to do oss:PutObject on ${bucket}/${key} (RAM policy).`)
  }
  return { key, body: file.data, contentType }
}

export async function handlePostObject(ctx: Ctx, bucket: string, endpoint: OssEndpointKind = 'default'): Promise<void> {
  const requestId = ossRequestId()
  const plan = await enterService(ctx, 'oss')
  if (plan === 'dropped') return
  let form: PostForm
  try {
    form = await parsePostForm(ctx.req, ctx.state.options.maxUploadBytes)
  } catch (e) {
    const err = e instanceof MalformedPost ? ossErrors.invalidArgument(e.message) : ossErrors.internal()
    return replyOssError(ctx, err, requestId, bucket)
  }
  if (plan.outcome?.kind === 'throttle') return replyOssError(ctx, ossErrors.qpsLimitExceeded(), requestId, bucket)
  if (plan.outcome?.kind === 'error5xx') {
    return replyOssError(ctx, plan.outcome.status === 500 ? ossErrors.internal() : ossErrors.unavailable(), requestId, bucket)
  }
  let valid: ReturnType<typeof validate>
  try {
    checkEndpointAllowed(ctx.state, bucket, endpoint)
    valid = validate(ctx, bucket, form)
  } catch (e) {
    return replyOssError(ctx, e instanceof OssError ? e : ossErrors.internal(), requestId, bucket)
  }
  const now = ctx.state.clock.now()
  const obj = ctx.state.objects.put(bucket, valid.key, valid.body, valid.contentType, now, ctx.state.options.buckets[bucket]?.objectTtlMs)
  const headers = { ETag: obj.etag, 'x-oss-request-id': requestId }
  const status = form.fields.success_action_status
  if (status === '200') return reply(ctx, 200, headers)
  if (status === '201') {
    const location = `${bucketBaseUrl(ctx.state, bucket, endpoint)}/${valid.key.split('/').map(encodeURIComponent).join('/')}`
    const body = xml('PostResponse', { Bucket: bucket, Location: location, Key: valid.key, ETag: obj.etag })
    return reply(ctx, 201, { ...headers, 'Content-Type': 'application/xml' }, body)
  }
  reply(ctx, 204, headers)
}
