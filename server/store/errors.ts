/**
 * The shared store (Redis) could not answer in time: not connected, or no reply within the
 * command timeout. Each caller decides what that means for it: the credential cache and the rate
 * limits fall back to this instance's memory, login-code replay records fail closed.
 */
export class StoreUnavailableError extends Error {
  /** The ioredis error behind it (never logged with its URL). */
  readonly cause?: unknown

  constructor(message: string, options?: { cause?: unknown }) {
    super(message)
    this.name = 'StoreUnavailableError'
    this.cause = options?.cause
  }
}
