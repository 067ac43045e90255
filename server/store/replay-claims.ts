import { createHash } from 'node:crypto'
import type { SharedStore } from './types'

/**
 * Single-use login codes across every instance: the first `SET NX` wins, a replay on any other
 * instance finds the key. Stores a hash of the code, never the code.
 */
export class SharedReplayClaims {
  constructor(private readonly store: SharedStore, private readonly ttlMs = 15 * 60 * 1000) {}

  async claim(namespace: string, code: string): Promise<boolean> {
    const digest = createHash('sha256').update(`${namespace}\0${code}`).digest('base64url')
    return this.store.put(`replay:${digest}`, '1', this.ttlMs, true)
  }
}
