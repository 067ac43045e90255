import type Redis from 'ioredis'

/** `connecting`: never connected yet (commands may queue); `up`: answering; `down`: failing fast. */
export type StoreHealth = 'connecting' | 'up' | 'down'

/** How often a store marked down asks Redis again (PING) while the client reconnects on its own. */
export const PROBE_INTERVAL_MS = 250

/**
 * A circuit breaker for one ioredis client. Once a command fails for want of Redis (connection
 * closed, or no reply within `commandTimeout`), every later command fails at once instead of
 * each request waiting out its own timeout; a PING every PROBE_INTERVAL_MS (or the client's
 * `ready` event after a reconnect) closes the breaker again. A paused or partitioned Redis keeps
 * the socket open, so only the probe notices it is back.
 */
export class RedisHealth {
  private state: StoreHealth = 'connecting'
  private probe?: NodeJS.Timeout
  private stopped = false

  constructor(
    private readonly client: Redis,
    private readonly onChange?: (state: StoreHealth) => void,
  ) {
    client.on('ready', () => this.set('up'))
    client.on('close', () => this.markDown())
  }

  get current(): StoreHealth {
    return this.state
  }

  markDown(): void {
    if (this.stopped) return
    this.set('down')
    this.scheduleProbe()
  }

  stop(): void {
    this.stopped = true
    clearTimeout(this.probe)
  }

  private scheduleProbe(): void {
    if (this.probe || this.stopped) return
    this.probe = setTimeout(() => {
      this.client.ping().then(
        () => {
          this.probe = undefined
          this.set('up')
        },
        () => {
          this.probe = undefined
          if (this.state === 'down') this.scheduleProbe()
        },
      )
    }, PROBE_INTERVAL_MS)
    // A probe alone must not keep the process alive.
    this.probe.unref()
  }

  private set(state: StoreHealth): void {
    if (this.stopped || state === this.state) return
    this.state = state
    this.onChange?.(state)
  }
}
