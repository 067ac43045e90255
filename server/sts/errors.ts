import { ApiError } from '../base/errors'

/** AssumeRole answered 200 without complete credentials. */
export class StsResponseError extends Error {
  readonly code = 'InvalidStsResponse'
}

/** What we log about an STS failure: codes and ids only, never messages that could echo input. */
export interface StsFailureInfo {
  upstreamCode?: string
  upstreamStatus?: number
  requestId?: string
}

export function describeStsFailure(err: unknown): StsFailureInfo {
  if (typeof err !== 'object' || err === null) return {}
  const e = err as Record<string, unknown>
  return {
    upstreamCode: typeof e.code === 'string' ? e.code.slice(0, 64) : undefined,
    upstreamStatus: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    requestId: typeof e.requestId === 'string' ? e.requestId.slice(0, 64) : undefined,
  }
}

/**
 * Maps any AssumeRole failure to a 502 for the client. The upstream message is dropped on purpose:
 * SDK messages can quote the request (AccessKeyId, signature strings), and clients cannot act on
 * them anyway. Throttling gets its own code so clients know to back off.
 */
export function mapStsError(err: unknown): ApiError {
  const { upstreamCode, upstreamStatus } = describeStsFailure(err)
  if (upstreamCode && /Throttling/i.test(upstreamCode)) {
    return new ApiError(502, 'StsThrottled', 'The credential service is throttling requests; retry later')
  }
  if (upstreamStatus !== undefined && upstreamStatus >= 400 && upstreamStatus < 500) {
    // 4xx from STS means our own setup is wrong (key, role ARN, trust policy): not the client's fault.
    return new ApiError(502, 'StsRejected', `The credential service rejected the backend's request (${upstreamCode ?? upstreamStatus})`)
  }
  return new ApiError(502, 'StsUnavailable', 'The credential service is unavailable; retry later')
}
