import type { Recovery } from '../base/errors'

interface CodeInfo {
  hint: string
  recovery: Recovery
}

// Vendor sources for every code here: docs/platform-contracts.md#cloud-error-codes-the-kit-acts-on (OpenAPI error table https://help.aliyun.com/document_detail/48054.html, viapi imageseg error codes https://help.aliyun.com/document_detail/146751.html).
// Hints say what fixes it in a few words (the code and message carry the rest): every string here
// ships in each mini-program build, within the core's 21 KB budget.
const NO_PERMISSION: CodeInfo = { hint: 'Allow this action in the RAM role and the session policy.', recovery: 'none' }
const EXACT: Record<string, CodeInfo> = {
  SignatureDoesNotMatch: { hint: 'Check the AccessKey secret and the parameter encoding.', recovery: 'none' },
  IncompleteSignature: { hint: 'A signing parameter or header is missing.', recovery: 'none' },
  'InvalidTimeStamp.Expired': { hint: 'Device clock off: resynced and retried.', recovery: 'resync-clock' },
  'InvalidTimeStamp.Format': { hint: 'Timestamp must be UTC ISO-8601 without milliseconds.', recovery: 'none' },
  SignatureNonceUsed: { hint: 'Every call needs a new SignatureNonce.', recovery: 'none' },
  'InvalidSecurityToken.Expired': { hint: 'STS token expired: refreshed and retried.', recovery: 'refresh-credentials' },
  'InvalidSecurityToken.MismatchWithAccessKey': { hint: 'STS token of another key: refreshed.', recovery: 'refresh-credentials' },
  'InvalidSecurityToken.Malformed': { hint: 'STS token malformed: refreshed.', recovery: 'refresh-credentials' },
  MissingSecurityToken: { hint: 'Send the SecurityToken with an STS AccessKeyId.', recovery: 'none' },
  'InvalidAccessKeyId.NotFound': { hint: 'Unknown or expired AccessKeyId: refreshed.', recovery: 'refresh-credentials' },
  'Forbidden.RAM': NO_PERMISSION,
  NoPermission: NO_PERMISSION,
  'InvalidImage.Download': { hint: 'The image URL must be readable in OSS Shanghai (see VIAPI_IMAGE_URL_ROUTE).', recovery: 'none' },
  'InvalidImage.Region': { hint: 'Store the image in OSS in cn-shanghai.', recovery: 'none' },
  'InvalidImage.Format': { hint: 'Use a JPEG, PNG, BMP or GIF image.', recovery: 'none' },
  'InvalidImage.Size': { hint: 'Compress the image to under 3 MB.', recovery: 'none' },
  'InvalidImage.Content': { hint: 'Nothing recognizable found: retake the photo.', recovery: 'none' },
  InvalidParameter: { hint: 'The message names the bad parameter.', recovery: 'none' },
  MissingParameter: { hint: 'The message names the missing parameter.', recovery: 'none' },
  ServiceUnavailable: { hint: 'Service busy: retried after a pause.', recovery: 'backoff' },
  InternalError: { hint: 'Service error: retried after a pause.', recovery: 'backoff' },
}

/**
 * What an RPC error code means for the caller: a plain-language hint, and what the client does
 * about it (retry after backoff, refresh credentials, resync the clock, or give up).
 */
export function describeCode(code: string, status: number): CodeInfo {
  const exact = EXACT[code]
  if (exact) return exact
  if (code.startsWith('Throttling') || status === 429) return { hint: 'Throttled: retried after a pause.', recovery: 'backoff' }
  if (code.startsWith('InvalidImage')) return { hint: 'Use a clear JPEG/PNG under 3 MB.', recovery: 'none' }
  if (status >= 500) return { hint: 'Service error: retried after a pause.', recovery: 'backoff' }
  return { hint: '', recovery: 'none' }
}

/** The marker Alibaba Cloud puts before its own string-to-sign in a SignatureDoesNotMatch message. */
export function extractServerStringToSign(message: string): string | undefined {
  const m = message.match(/server string to sign is:\s*(\S+)/i)
  return m ? m[1] : undefined
}
