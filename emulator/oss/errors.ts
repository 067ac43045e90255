// OSS-shaped XML errors with the `x-oss-request-id` header, codes/statuses as OSS answers them; the vendor
// page for each is in docs/platform-contracts.md#cloud-error-codes-the-kit-acts-on (or it is marked unverified there).
import type { Ctx } from '../http'
import { reply } from '../http'
import type { TokenCheck } from '../credentials'

export class OssError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra elements, e.g. StringToSign on SignatureDoesNotMatch (never secrets). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message)
  }
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

export function xml(tag: string, children: Record<string, string>): string {
  const inner = Object.entries(children)
    .map(([k, v]) => `  <${k}>${xmlEscape(v)}</${k}>\n`)
    .join('')
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${tag}>\n${inner}</${tag}>\n`
}

export function replyOssError(ctx: Ctx, err: OssError, requestId: string, bucket?: string): void {
  ctx.log.code = err.code
  const hostId = bucket ? `${bucket}.oss-${ctx.state.options.region}.aliyuncs.com` : `oss-${ctx.state.options.region}.aliyuncs.com`
  const body = xml('Error', { Code: err.code, Message: err.message, RequestId: requestId, HostId: hostId, ...err.extra })
  reply(ctx, err.status, { 'Content-Type': 'application/xml', 'x-oss-request-id': requestId }, body)
}

/**
 * The code OSS answers for a key/token a request carries, as its 403 page and EC pages describe
 * (docs/platform-contracts.md#cloud-error-codes-the-kit-acts-on): an unknown or expired key, an STS key without
 * its token, or a long-term key sent with a token (an "STS request" whose key does not exist,
 * EC 0002-00000002) → InvalidAccessKeyId; an expired token → SecurityTokenExpired; a token from another
 * AssumeRole answer → AccessKeyIdAndSecurityTokenNotMatch; anything else → InvalidSecurityToken.
 */
export function credentialRefusal(reason: Extract<TokenCheck, { ok: false }>['reason'], accessKeyId: string, stsKey: boolean): OssError {
  if (reason === 'unknown-key' || reason === 'missing-token' || !stsKey) return ossErrors.invalidAccessKeyId(accessKeyId)
  if (reason === 'expired') return ossErrors.tokenExpired()
  if (reason === 'token-mismatch') return ossErrors.tokenMismatch()
  return ossErrors.tokenInvalid()
}

export const ossErrors = {
  noSuchBucket: () => new OssError(404, 'NoSuchBucket', 'The specified bucket does not exist.'),
  noSuchKey: () => new OssError(404, 'NoSuchKey', 'The specified key does not exist.'),
  invalidArgument: (message: string) => new OssError(400, 'InvalidArgument', message),
  accessDenied: (message: string) => new OssError(403, 'AccessDenied', message),
  policyCondition: (detail: string) => new OssError(403, 'AccessDenied', `Invalid according to Policy: Policy Condition failed: ${detail}`),
  invalidPolicy: (detail: string) => new OssError(400, 'InvalidPolicyDocument', `Invalid Policy: ${detail}`),
  signatureMismatch: (extra: Record<string, string>) =>
    new OssError(
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      extra,
    ),
  invalidAccessKeyId: (accessKeyId: string) =>
    new OssError(403, 'InvalidAccessKeyId', 'The OSS Access Key Id you provided does not exist in our records.', {
      OSSAccessKeyId: accessKeyId,
    }),
  tokenExpired: () => new OssError(403, 'SecurityTokenExpired', 'The security token you provided has expired.'),
  tokenInvalid: () => new OssError(403, 'InvalidSecurityToken', 'The security token you provided is invalid.'),
  tokenMismatch: () =>
    new OssError(403, 'AccessKeyIdAndSecurityTokenNotMatch', 'The OSS access key id and security token you provided does not match.'),
  tooLarge: () => new OssError(400, 'EntityTooLarge', 'Your proposed upload exceeds the maximum allowed size.'),
  tooSmall: () => new OssError(400, 'EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed size.'),
  invalidObjectName: () => new OssError(400, 'InvalidObjectName', 'The specified object is not valid.'),
  timeTooSkewed: () =>
    new OssError(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.'),
  /** OSS's 429 page (https://help.aliyun.com/en/oss/user-guide/429-error); no OSS page names S3's 503 SlowDown. */
  qpsLimitExceeded: () => new OssError(429, 'QpsLimitExceeded', 'Please reduce your request rate.'),
  /**
   * EC 0048-00000401: an account that activated OSS on or after 2025-03-20 calls a data API through
   * the default public endpoint of a mainland bucket. https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000401
   */
  publicEndpointForbidden: () =>
    new OssError(
      400,
      'PublicEndpointForbidden',
      'Data API operations through the default public endpoint are forbidden for this bucket; bind a custom domain name.',
      {
        EC: '0048-00000401',
      },
    ),
  internal: () => new OssError(500, 'InternalError', 'We encountered an internal error. Please try again.'),
  unavailable: () => new OssError(503, 'ServiceUnavailable', 'Service is temporarily unavailable. Please try again.'),
}
