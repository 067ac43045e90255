/**
 * The error family of the core. Every error the kit throws is a `KitError` with a stable `code`,
 * a plain-language `hint` (what to do), and `recovery` (what the kit does before trying again).
 * Control flow reads these fields, never the message text.
 */

/**
 * What can make a failed request succeed, decided once where the error is parsed:
 * - `backoff`: the same request again after a pause (5xx, throttling, a dropped connection);
 * - `refresh-credentials`: the same request signed with new credentials (an expired or revoked token);
 * - `resync-clock`: the same request signed at the server's time (its `Date` is on the error);
 * - `none`: repeating cannot help (a refused input, a missing permission, a cancel).
 */
export type Recovery = 'backoff' | 'refresh-credentials' | 'resync-clock' | 'none'

/** Options every kit error accepts. */
export interface KitErrorOptions {
  /** What to do about it, in plain words. */
  hint?: string
  /** The error that caused this one. */
  cause?: unknown
  /** What can make the request succeed. @default 'none' (each subclass says its own) */
  recovery?: Recovery
}

export class KitError extends Error {
  readonly code: string
  readonly hint: string
  /** What the kit does before trying again; `none` when nothing can help. */
  readonly recovery: Recovery
  /**
   * `recovery !== 'none'`: some recovery may make the request succeed, so a UI may offer "try
   * again". A plain field rather than a getter so it survives being spread or serialized.
   */
  readonly retryable: boolean
  readonly cause?: unknown

  constructor(code: string, message: string, options: KitErrorOptions = {}) {
    super(message)
    // Mini-program builds may compile classes down to ES5, which breaks `instanceof` without this.
    Object.setPrototypeOf(this, new.target.prototype)
    this.name = new.target.name
    this.code = code
    this.hint = options.hint ?? ''
    this.recovery = options.recovery || 'none'
    this.retryable = this.recovery !== 'none'
    this.cause = options.cause
  }
}

/** Why a request never got an HTTP answer. */
export type NetworkFailure = 'failed' | 'timeout' | 'aborted'

/** No HTTP response: offline, DNS, TLS, connection reset, timeout (all `backoff`) or abort (`none`). */
export class NetworkError extends KitError {
  readonly failure: NetworkFailure
  readonly url: string

  constructor(failure: NetworkFailure, method: string, url: string, options: KitErrorOptions = {}) {
    const what = failure === 'timeout' ? 'timed out' : failure === 'aborted' ? 'was cancelled' : 'failed'
    super(failure === 'aborted' ? 'Aborted' : failure === 'timeout' ? 'Timeout' : 'NetworkError', `${method} ${stripQuery(url)} ${what}`, {
      hint:
        failure === 'aborted'
          ? 'The operation was cancelled; start it again when ready.'
          : 'Check the network and the domain allow-list, then retry.',
      ...options,
      // A cancel is never retried, whatever the caller asked for.
      recovery: failure === 'aborted' ? 'none' : options.recovery || 'backoff',
    })
    Object.setPrototypeOf(this, new.target.prototype)
    this.failure = failure
    this.url = url
  }
}

/** Details a cloud service (OSS, ocr, imageseg, sts, our backend) returns with an error. */
export interface ServiceErrorDetails {
  service: string
  status: number
  code: string
  message: string
  requestId?: string
  /** The server's own string-to-sign, when it reports a signature mismatch. */
  serverStringToSign?: string
  /** The server's `Date` header: what a clock-skew recovery resyncs to. */
  serverDate?: Date
}

/** An HTTP answer that says the call failed, with the service's own Code, Message and RequestId. */
export class ServiceError extends KitError {
  readonly service: string
  readonly status: number
  readonly requestId?: string
  readonly serviceMessage: string
  readonly serverStringToSign?: string
  readonly serverDate?: Date

  constructor(details: ServiceErrorDetails, options: KitErrorOptions = {}) {
    const rid = details.requestId ? ` (RequestId ${details.requestId})` : ''
    super(details.code, `${details.service} answered ${details.status} ${details.code}: ${details.message}${rid}`, options)
    Object.setPrototypeOf(this, new.target.prototype)
    this.service = details.service
    this.status = details.status
    this.requestId = details.requestId
    this.serviceMessage = details.message
    this.serverStringToSign = details.serverStringToSign
    this.serverDate = details.serverDate
  }
}

/** Something about the caller's input is wrong before any request is made (bad image, bad URL…). */
export class InputError extends KitError {
  constructor(code: string, message: string, hint: string) {
    super(code, message, { hint, recovery: 'none' })
    Object.setPrototypeOf(this, new.target.prototype)
  }
}

/** Credentials could not be obtained or are unusable. */
export class CredentialsError extends KitError {
  constructor(code: string, message: string, options: KitErrorOptions = {}) {
    super(code, message, options)
    Object.setPrototypeOf(this, new.target.prototype)
  }
}

/**
 * Why a platform (wx / my / dd) refused a call, in the terms a user can act on:
 * - `domain-not-allowed`: the host is not on the mini program console's allow-list;
 * - `privacy-not-declared`: WeChat: the API is not declared in the privacy guide (用户隐私保护指引);
 * - `privacy-declined`: WeChat: the user declined the privacy terms for it;
 * - `permission-denied`: the user (or the system) refused a permission, e.g. writing to the album;
 * - `file-permission`: the app may not read the file it passed (DingTalk upload/download error 13);
 * - `failed`: anything else the platform reported.
 */
export type PlatformFailureReason =
  'domain-not-allowed' | 'privacy-not-declared' | 'privacy-declined' | 'permission-denied' | 'file-permission' | 'failed'

/**
 * A platform API refused a call. Never retried by the kit (the same call fails the same way):
 * the `hint` says what to change. `detail` keeps the platform's own words (errMsg / errorMessage).
 */
export class PlatformError extends KitError {
  readonly platform: string
  readonly api: string
  readonly reason: PlatformFailureReason
  readonly detail: string
  /** For `domain-not-allowed`: the origin to add to the allow-list. */
  readonly host?: string
  /** For `domain-not-allowed`: where that allow-list lives in the platform's console. */
  readonly allowList?: string

  constructor(
    details: {
      platform: string
      api: string
      reason: PlatformFailureReason
      detail: string
      host?: string
      allowList?: string
      message: string
      hint: string
    },
    options: Omit<KitErrorOptions, 'hint' | 'retryable' | 'recovery'> = {},
  ) {
    const code = {
      'domain-not-allowed': 'DomainNotAllowed',
      'privacy-not-declared': 'PrivacyNotDeclared',
      'privacy-declined': 'PrivacyDeclined',
      'permission-denied': 'PermissionDenied',
      'file-permission': 'NoFilePermission',
      failed: 'PlatformApiFailed',
    }[details.reason]
    super(code, details.message, { ...options, hint: details.hint, recovery: 'none' })
    Object.setPrototypeOf(this, new.target.prototype)
    this.platform = details.platform
    this.api = details.api
    this.reason = details.reason
    this.detail = details.detail
    this.host = details.host
    this.allowList = details.allowList
  }
}

/** URLs in messages lose their query: it may carry a signature or a security token. */
export function stripQuery(url: string): string {
  const q = url.indexOf('?')
  return q === -1 ? url : url.slice(0, q)
}
