import type { Recovery } from '../errors'

/** The kit's `Recovery`, under the name this module first gave it. */
export type RecoveryAction = Recovery

interface CodeInfo {
  hint: string
  recovery: RecoveryAction
}

// Vendor sources for every code here: docs/platform-contracts.md#cloud-error-codes-the-kit-acts-on (OpenAPI error table https://help.aliyun.com/document_detail/48054.html, viapi imageseg error codes https://help.aliyun.com/document_detail/146751.html).
const EXACT: Record<string, CodeInfo> = {
  SignatureDoesNotMatch: { hint: 'The request signature does not match: check the AccessKey secret and how parameters are encoded.', recovery: 'none' },
  IncompleteSignature: { hint: 'The signature is incomplete: a required signing parameter or header is missing.', recovery: 'none' },
  'InvalidTimeStamp.Expired': { hint: 'The device clock is too far from the server time; it is resynced and the call retried.', recovery: 'resync-clock' },
  'InvalidTimeStamp.Format': { hint: 'The Timestamp is malformed: it must be UTC ISO-8601 without milliseconds.', recovery: 'none' },
  SignatureNonceUsed: { hint: 'The SignatureNonce was used before: every call needs a new one.', recovery: 'none' },
  'InvalidSecurityToken.Expired': { hint: 'The STS token expired; new credentials are fetched and the call retried.', recovery: 'refresh-credentials' },
  'InvalidSecurityToken.MismatchWithAccessKey': { hint: 'The STS token does not belong to this AccessKeyId; new credentials are fetched.', recovery: 'refresh-credentials' },
  'InvalidSecurityToken.Malformed': { hint: 'The STS token is malformed; new credentials are fetched.', recovery: 'refresh-credentials' },
  MissingSecurityToken: { hint: 'An STS AccessKeyId was sent without its SecurityToken: the credentials must carry all three of AccessKeyId, AccessKeySecret and SecurityToken.', recovery: 'none' },
  'InvalidAccessKeyId.NotFound': { hint: 'The AccessKeyId is unknown (an expired STS key looks like this too); new credentials are fetched.', recovery: 'refresh-credentials' },
  'Forbidden.RAM': { hint: 'The credentials may not call this action: add it to the RAM role and the backend’s session policy.', recovery: 'none' },
  NoPermission: { hint: 'The credentials may not call this action: add it to the RAM role and the backend’s session policy.', recovery: 'none' },
  'InvalidImage.Download': { hint: 'The service could not download the image: it must be in OSS in Shanghai and readable.', recovery: 'none' },
  'InvalidImage.Region': { hint: 'The image must be stored in OSS in the Shanghai region (cn-shanghai).', recovery: 'none' },
  'InvalidImage.Format': { hint: 'Use a JPEG, PNG, BMP or GIF image.', recovery: 'none' },
  'InvalidImage.Size': { hint: 'The image is too large or too small for this API: compress it to under 3 MB.', recovery: 'none' },
  'InvalidImage.Content': { hint: 'The image does not contain what this API recognizes (e.g. no bank card found). Retake the photo.', recovery: 'none' },
  'InvalidParameter': { hint: 'A parameter is invalid; the message says which.', recovery: 'none' },
  MissingParameter: { hint: 'A required parameter is missing; the message says which.', recovery: 'none' },
  ServiceUnavailable: { hint: 'The service is busy; the call is retried after a pause.', recovery: 'backoff' },
  InternalError: { hint: 'The service had an internal error; the call is retried after a pause.', recovery: 'backoff' },
}

/**
 * What an RPC error code means for the caller: a plain-language hint, and what the client does
 * about it (retry after backoff, refresh credentials, resync the clock, or give up).
 */
export function describeCode(code: string, status: number): CodeInfo {
  const exact = EXACT[code]
  if (exact) return exact
  if (code.startsWith('Throttling') || status === 429) return { hint: 'Too many requests; the call is retried after a pause.', recovery: 'backoff' }
  if (code.startsWith('InvalidImage')) return { hint: 'The image was not accepted: use a clear JPEG/PNG under 3 MB.', recovery: 'none' }
  if (status >= 500) return { hint: 'The service had a problem; the call is retried after a pause.', recovery: 'backoff' }
  return { hint: '', recovery: 'none' }
}

/** The marker Alibaba Cloud puts before its own string-to-sign in a SignatureDoesNotMatch message. */
export function extractServerStringToSign(message: string): string | undefined {
  const m = message.match(/server string to sign is:\s*(\S+)/i)
  return m ? m[1] : undefined
}
