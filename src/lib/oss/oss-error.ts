import { ServiceError } from '../errors'
import { parseHttpDate } from '../credentials/clock'
import type { HttpResponse } from '../transport/types'

/** What to do about each OSS error code a PostObject can meet. */
const HINTS: Record<string, string> = {
  SignatureDoesNotMatch: 'The upload signature is wrong: check the STS secret and the device clock.',
  AccessDenied: 'The credentials may not write this key (or the policy expired): fetch new credentials and retry.',
  InvalidAccessKeyId: 'The AccessKeyId is unknown or expired: fetch new credentials.',
  SecurityTokenExpired: 'The STS token expired: fetch new credentials and retry.',
  InvalidSecurityToken: 'The STS token is invalid: fetch new credentials and retry.',
  EntityTooLarge: 'The image is larger than allowed: compress it or choose a smaller one.',
  EntityTooSmall: 'The file is empty: choose the photo again.',
  InvalidPolicyDocument: 'The upload policy is malformed: this is a bug in the client, please report it.',
  NoSuchBucket: 'The bucket does not exist: check OSS_BUCKET and OSS_REGION on the backend.',
  RequestTimeTooSkewed: 'The device clock is far off: it will be corrected from the server time.',
}

/** Codes after which fresh credentials make the same upload succeed. */
export const OSS_CREDENTIAL_CODES = new Set(['SecurityTokenExpired', 'InvalidSecurityToken', 'InvalidAccessKeyId'])

function tag(xml: string, name: string): string | undefined {
  const m = xml.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`))
  return m ? m[1].replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : undefined
}

/** Turns an OSS XML error answer into a typed ServiceError with Code, Message, RequestId and a hint. */
export function parseOssError(res: HttpResponse): ServiceError {
  const code = tag(res.body, 'Code') ?? (res.status >= 500 ? 'InternalError' : `Http${res.status}`)
  const retryable = res.status >= 500 || res.status === 429 || code === 'SlowDown' || OSS_CREDENTIAL_CODES.has(code)
  return new ServiceError(
    {
      service: 'oss',
      status: res.status,
      code,
      message: tag(res.body, 'Message') ?? (res.body.slice(0, 200) || 'no message'),
      requestId: tag(res.body, 'RequestId') ?? res.headers['x-oss-request-id'],
      serverStringToSign: tag(res.body, 'StringToSign'),
      serverDate: parseHttpDate(res.headers.date),
    },
    { hint: HINTS[code] ?? (res.status >= 500 ? 'OSS had a problem; retrying shortly usually works.' : ''), retryable },
  )
}
