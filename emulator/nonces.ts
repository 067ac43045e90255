// SignatureNonce / x-acs-signature-nonce replay protection. A nonce only needs remembering for as
// long as its timestamp is acceptable (±15 min), after that the timestamp check refuses a replay.
export class NonceStore {
  private readonly seen = new Map<string, number>()

  /** Returns false if the nonce was already used by this AccessKey. */
  use(accessKeyId: string, nonce: string, now: number, windowMs: number): boolean {
    this.prune(now)
    const k = `${accessKeyId}\n${nonce}`
    if (this.seen.has(k)) return false
    this.seen.set(k, now + 2 * windowMs)
    return true
  }

  private prune(now: number): void {
    if (this.seen.size < 10_000) return
    for (const [k, exp] of this.seen) if (exp < now) this.seen.delete(k)
  }
}
