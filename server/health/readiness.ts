import type { SharedStore, StoreHealth } from '../store'

export interface ReadinessChecks {
  /** `loaded` once every plugin and route is registered (Fastify's onReady). */
  config: 'loading' | 'loaded'
  redis: StoreHealth | 'not configured'
  /** `draining` after SIGTERM: still serving, but load balancers should stop sending. */
  shutdown: 'no' | 'draining' | 'closing'
}

/**
 * Whether this instance can serve (`/readyz`), as opposed to whether it runs (`/healthz`): a
 * load balancer takes an instance out while its config is not loaded, while the Redis it is
 * configured with does not answer, or while it drains before shutting down.
 */
export class Readiness {
  private booted = false
  private shutdown: ReadinessChecks['shutdown'] = 'no'

  constructor(private readonly store?: SharedStore) {}

  markBooted(): void {
    this.booted = true
  }

  startDraining(): void {
    if (this.shutdown === 'no') this.shutdown = 'draining'
  }

  markClosing(): void {
    this.shutdown = 'closing'
  }

  get closing(): boolean {
    return this.shutdown === 'closing'
  }

  checks(): ReadinessChecks {
    return {
      config: this.booted ? 'loaded' : 'loading',
      redis: this.store ? this.store.health() : 'not configured',
      shutdown: this.shutdown,
    }
  }

  /** Every reason this instance is not ready, in words an operator can act on; empty = ready. */
  problems(): string[] {
    const c = this.checks()
    const out: string[] = []
    if (c.config !== 'loaded') out.push('the backend is still starting')
    if (c.redis === 'down' || c.redis === 'connecting') out.push('Redis (REDIS_URL) does not answer; check that it runs and is reachable')
    if (c.shutdown !== 'no') out.push('the instance is shutting down')
    return out
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** This instance's readiness (`/readyz`); `drain()` flips it before closing. */
    readiness: Readiness
  }
}
