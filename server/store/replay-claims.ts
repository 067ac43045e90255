import { claimDigest } from './replay-store'
import type { LoginCodeClaims } from './replay-store'
import type { SharedStore } from './types'

/**
 * Single-use login codes across every instance: the first `SET NX` wins, a replay on any other
 * instance finds the key. Stores a hash of the code, never the code.
 */
export class SharedReplayClaims implements LoginCodeClaims {
  constructor(
    private readonly store: SharedStore,
    private readonly ttlMs = 15 * 60 * 1000,
  ) {}

  async claim(namespace: string, code: string): Promise<boolean> {
    return this.store.put(`replay:${claimDigest(namespace, code)}`, '1', this.ttlMs, true)
  }
}
