// One error type for everything the API answers with, so every route speaks the contract's
// `{code, message}` shape and the error handler needs no special cases.
export class ApiError extends Error {
  readonly statusCode: number
  readonly code: string
  /** Sent as `Retry-After` (seconds): when a 503 or 429 is worth trying again. */
  readonly retryAfterSeconds?: number

  constructor(statusCode: number, code: string, message: string, retryAfterSeconds?: number) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
    this.retryAfterSeconds = retryAfterSeconds
  }
}

/** Seconds a client waits before retrying while Redis is away: a few probe rounds, not minutes. */
export const STORE_RETRY_AFTER_SECONDS = 2

export interface ErrorBody {
  code: string
  message: string
}
