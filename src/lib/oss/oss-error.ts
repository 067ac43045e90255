import { ServiceError, type Recovery } from '../base/errors'
import { parseHttpDate } from '../base/clock'
import type { HttpResponse } from '../transport/types'

/** What to do about each OSS error code a PostObject can meet. */
// Vendor sources for every code here: docs/platform-contracts.md#cloud-error-codes-the-kit-acts-on (OSS 403/400 pages: https://www.alibabacloud.com/help/en/oss/how-to-troubleshoot-403-status-code-when-you-access-oss, https://www.alibabacloud.com/help/doc-detail/185228.htm).
const HINTS: Record<string, string> = {
  SignatureDoesNotMatch: 'Check the STS secret and the device clock.',
  AccessDenied: 'Fetch new credentials and retry.',
  InvalidAccessKeyId: 'Fetch new credentials.',
  SecurityTokenExpired: 'Fetch new credentials and retry.',
  InvalidSecurityToken: 'Fetch new credentials and retry.',
  AccessKeyIdAndSecurityTokenNotMatch: 'Fetch new credentials and retry.',
  EntityTooLarge: 'Compress the image or choose a smaller one.',
  EntityTooSmall: 'The file is empty: choose the photo again.',
  InvalidPolicyDocument: 'A client bug: please report it.',
  NoSuchBucket: 'Check OSS_BUCKET and OSS_REGION on the backend.',
  RequestTimeTooSkewed: 'Device clock off: corrected from the server time.',
  // EC 0048-00000401: accounts opened since 2025-03-20 (https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000401)
  PublicEndpointForbidden: 'Bind a custom domain to the bucket and set OSS_BUCKET_DOMAIN.',
}

/** Codes after which fresh credentials make the same upload succeed. */
const OSS_CREDENTIAL_CODES = new Set([
  'SecurityTokenExpired',
  'InvalidSecurityToken',
  'InvalidAccessKeyId',
  'AccessKeyIdAndSecurityTokenNotMatch',
])

/**
 * What makes a refused PostObject succeed:
 * - 5xx, 429 and SlowDown pass after a pause;
 * - an expired, invalid or unknown token, or one that belongs to another key, needs new credentials;
 * - RequestTimeTooSkewed, and a policy OSS says expired, mean the signing clock is off: resync it
 *   from the answer's `Date` (without one there is nothing to resync to; an expired policy then
 *   gets a new one like any other AccessDenied);
 * - any other AccessDenied: new credentials once (the grant's prefix or session policy may have
 *   changed on the backend, and a server-signed form is signed for one moment);
 * - everything else (a bad signature, a too-large file, no bucket) fails the same way again.
 */
export function ossRecovery(status: number, code: string, message: string, serverDate: Date | undefined): Recovery {
  if (status >= 500 || status === 429 || code === 'SlowDown') return 'backoff'
  if (OSS_CREDENTIAL_CODES.has(code)) return 'refresh-credentials'
  const clockOff = code === 'RequestTimeTooSkewed' || (code === 'AccessDenied' && /policy expired/i.test(message))
  if (clockOff && serverDate) return 'resync-clock'
  if (code === 'AccessDenied') return 'refresh-credentials'
  return 'none'
}

function tag(xml: string, name: string): string | undefined {
  const m = xml.match(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`))
  return m
    ? m[1]
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&')
    : undefined
}

/** Turns an OSS XML error answer into a typed ServiceError with Code, Message, RequestId, a hint and its recovery. */
export function parseOssError(res: HttpResponse): ServiceError {
  const code = tag(res.body, 'Code') || (res.status >= 500 ? 'InternalError' : `Http${res.status}`)
  const message = tag(res.body, 'Message') || res.body.slice(0, 200) || 'no message'
  const serverDate = parseHttpDate(res.headers.date)
  return new ServiceError(
    {
      service: 'oss',
      status: res.status,
      code,
      message,
      requestId: tag(res.body, 'RequestId') || res.headers['x-oss-request-id'],
      serverStringToSign: tag(res.body, 'StringToSign'),
      serverDate,
    },
    {
      hint: HINTS[code] || (res.status >= 500 || res.status === 429 ? 'OSS error: retried after a pause.' : ''),
      recovery: ossRecovery(res.status, code, message, serverDate),
    },
  )
}
