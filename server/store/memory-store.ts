import type { Clock } from '../base/clock'
import { setBounded } from './bounded-map'
import type { SharedStore } from './types'

interface Entry {
  value: string
  expiresAt: number
}

/**
 * SharedStore in one process's memory: the reference implementation the Redis store is tested
 * against, and a drop-in for tests. Bounded: the oldest entry goes first when full.
 */
export class MemoryStore implements SharedStore {
  readonly kind = 'memory' as const
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries = 100_000,
  ) {}

  health(): 'up' {
    return 'up'
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value
  }

  async put(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<boolean> {
    if (onlyIfAbsent && this.live(key)) return false
    setBounded(this.entries, key, { value, expiresAt: this.clock.now() + ttlMs }, this.maxEntries)
    return true
  }

  async removeIfEquals(key: string, value: string): Promise<void> {
    if (this.live(key)?.value === value) this.entries.delete(key)
  }

  async increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    const now = this.clock.now()
    const entry = this.live(key)
    if (!entry) {
      setBounded(this.entries, key, { value: '1', expiresAt: now + windowMs }, this.maxEntries)
      return { count: 1, ttlMs: windowMs }
    }
    entry.value = String(Number(entry.value) + 1)
    return { count: Number(entry.value), ttlMs: entry.expiresAt - now }
  }

  async close(): Promise<void> {
    this.entries.clear()
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key)
    if (entry && entry.expiresAt <= this.clock.now()) {
      this.entries.delete(key)
      return undefined
    }
    return entry
  }
}
