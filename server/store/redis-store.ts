import Redis from 'ioredis'
import type { RedisOptions } from 'ioredis'
import { StoreUnavailableError } from './errors'
import { RedisHealth } from './redis-health'
import type { StoreHealth } from './redis-health'
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
  /** Told when Redis stops or starts answering (logs, metrics). */
  onHealthChange?: (state: StoreHealth) => void
}

/** No request waits on Redis longer than this for one command (the budget is about a second). */
export const REDIS_COMMAND_TIMEOUT_MS = 500

/**
 * Client options chosen so Redis trouble costs a request at most REDIS_COMMAND_TIMEOUT_MS
 * (ioredis options: https://redis.github.io/ioredis/interfaces/CommonRedisOptions.html,
 * reconnecting and the offline queue: https://github.com/redis/ioredis#auto-reconnect).
 */
export const REDIS_CLIENT_OPTIONS: RedisOptions = {
  // Every command, queued or sent, rejects with "Command timed out" after this long: the bound
  // for a Redis that is down, paused or unreachable. RedisHealth then fails later calls at once.
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  // A TCP connect that hangs (a dropped SYN) is abandoned and retried by retryStrategy.
  connectTimeout: 1000,
  // The offline queue stays on, bounded by commandTimeout: it only bridges the first connect
  // at startup and a reconnect already under way; while the breaker is open nothing is sent.
  enableOfflineQueue: true,
  // Queued commands are rejected at the first failed reconnect instead of after 20.
  maxRetriesPerRequest: 1,
  // A command whose reply was lost already failed its request; resending it later would only
  // count a rate-limit hit twice.
  autoResendUnfulfilledCommands: false,
  // Reconnect forever, 100 ms, 200 ms … then once a second: back within a second of Redis.
  retryStrategy: (times) => Math.min(times * 100, 1000),
}

/** SharedStore on Redis (ioredis). Works with any Redis ≥ 2.6 (SET NX PX, EVAL). */
export class RedisStore implements SharedStore {
  readonly kind = 'redis' as const
  readonly client: Redis
  private readonly prefix: string
  private readonly breaker: RedisHealth

  constructor(url: string, options: RedisStoreOptions = {}) {
    this.prefix = options.prefix ?? 'viapi:'
    this.client = new Redis(url, REDIS_CLIENT_OPTIONS)
    // Without a listener ioredis prints every reconnect error; report the message only.
    this.client.on('error', (err: Error) => options.onError?.(err))
    this.breaker = new RedisHealth(this.client, options.onHealthChange)
  }

  health(): StoreHealth {
    return this.breaker.current
  }

  get(key: string): Promise<string | undefined> {
    return this.run(async () => (await this.client.get(this.prefix + key)) ?? undefined)
  }

  put(key: string, value: string, ttlMs: number, onlyIfAbsent = false): Promise<boolean> {
    const ttl = Math.max(1, Math.ceil(ttlMs))
    return this.run(async () => {
      const reply = onlyIfAbsent
        ? await this.client.set(this.prefix + key, value, 'PX', ttl, 'NX')
        : await this.client.set(this.prefix + key, value, 'PX', ttl)
      return reply === 'OK'
    })
  }

  removeIfEquals(key: string, value: string): Promise<void> {
    return this.run(async () => {
      await this.client.eval(REMOVE_IF_EQUALS, 1, this.prefix + key, value)
    })
  }

  increment(key: string, windowMs: number): Promise<{ count: number; ttlMs: number }> {
    return this.run(async () => {
      const [count, ttlMs] = (await this.client.eval(INCREMENT, 1, this.prefix + key, Math.max(1, Math.ceil(windowMs)))) as [number, number]
      return { count: Number(count), ttlMs: Number(ttlMs) }
    })
  }

  async close(): Promise<void> {
    this.breaker.stop()
    await this.client.quit().catch(() => this.client.disconnect())
  }

  /**
   * One command through the breaker: refused at once while Redis is known to be down; a failure
   * other than Redis's own error reply (no connection, no reply in time) opens the breaker.
   */
  private async run<T>(command: () => Promise<T>): Promise<T> {
    if (this.breaker.current === 'down') throw new StoreUnavailableError('Redis is unreachable')
    try {
      return await command()
    } catch (err) {
      if ((err as Error).name === 'ReplyError') throw err
      this.breaker.markDown()
      throw new StoreUnavailableError(`Redis did not answer: ${(err as Error).message}`, { cause: err })
    }
  }
}
