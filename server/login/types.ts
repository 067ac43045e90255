// A login verifier turns a platform's one-time login code into that platform's user id.
// One small interface so routes can be tested with fakes and each provider lives in one file.

export interface LoginIdentity {
  /** The provider's id for the user (openid, Alipay user_id/open_id, DingTalk userid, …). */
  providerUserId: string
}

export interface LoginVerifier {
  verify(code: string): Promise<LoginIdentity>
}

export type LoginFailure =
  /** The provider says the code is bad, expired or used: the client should log in again. */
  | 'InvalidCode'
  /** Network error, timeout, 5xx or "system busy": retry later. */
  | 'ProviderUnavailable'
  /** The provider rejected our own credentials/signature: a backend configuration problem. */
  | 'ProviderRejected'

export class LoginError extends Error {
  readonly kind: LoginFailure
  /** The provider's error code, safe to log (never the login code itself). */
  readonly providerCode?: string

  constructor(kind: LoginFailure, message: string, providerCode?: string) {
    super(message)
    this.name = 'LoginError'
    this.kind = kind
    this.providerCode = providerCode
  }
}

export type FetchFn = typeof fetch

export interface HttpOptions {
  fetch?: FetchFn
  timeoutMs?: number
}
