import Redis from 'ioredis'
import type { SharedStore } from './types'

// Counter with a fixed window that starts at the first increment. A key left without a TTL (an
// older writer crashed between INCR and PEXPIRE) gets one, so no counter can live forever.
const INCREMENT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}
`

// Compare-and-delete in one step: a lock whose TTL ran out and was taken by another instance must
// not be released by the first holder.
const REMOVE_IF_EQUALS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`

export interface RedisStoreOptions {
  /** Every key starts with this, so one Redis can serve several deployments. @default 'viapi:' */
  prefix?: string
  /** Told about connection problems; gets no URL (it may hold a password). */
  onError?: (err: Error) => void
}

/** SharedStore on Redis (ioredis). Works with any Redis ≥ 2.6 (SET NX PX, EVAL). */
export class RedisStore implements SharedStore {
  readonly kind = 'redis' as const
  readonly client: Redis
  private readonly prefix: string

  constructor(url: string, options: RedisStoreOptions = {}) {
    this.prefix = options.prefix ?? 'viapi:'
    this.client = new Redis(url, {
      // Fail a command after a few reconnect attempts instead of queueing it forever: a request
      // should answer 5xx quickly rather than hang while Redis is away.
      maxRetriesPerRequest: 2,
      connectTimeout: 5000,
    })
    // Without a listener ioredis prints every reconnect error; report the message only.
    this.client.on('error', (err: Error) => options.onError?.(err))
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(this.prefix + key)) ?? undefined
  }

  async put(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(ttlMs))
    const reply = onlyIfAbsent
      ? await this.client.set(this.prefix + key, value, 'PX', ttl, 'NX')
      : await this.client.set(this.prefix + key, value, 'PX', ttl)
    return reply === 'OK'
  }

  async removeIfEquals(key: string, value: string): Promise<void> {
    await this.client.eval(REMOVE_IF_EQUALS, 1, this.prefix + key, value)
  }

  async increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    const [count, ttlMs] = (await this.client.eval(INCREMENT, 1, this.prefix + key, Math.max(1, Math.ceil(windowMs)))) as [number, number]
    return { count: Number(count), ttlMs: Number(ttlMs) }
  }

  async close(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect())
  }
}
