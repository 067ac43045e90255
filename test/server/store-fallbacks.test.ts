import { describe, expect, it } from 'vitest'
import { MemoryStore, rateLimitStore, StoreUnavailableError, type SharedStore } from '../../server/store'
import { StsCache, type CacheEvent } from '../../server/sts/cache'
import { FakeClock, FakeSts } from './helpers'

// What each user of the shared store does when it cannot answer (the real redis-server version of
// these is test/scale/redis-faults.test.ts).
type Method = 'get' | 'put' | 'removeIfEquals' | 'increment'

/** A MemoryStore whose chosen methods fail as Redis does when down (or with `error`). */
function failing(
  clock: FakeClock,
  methods: Method[],
  error: () => Error = () => new StoreUnavailableError('Redis is unreachable'),
): SharedStore {
  const store = new MemoryStore(clock)
  for (const m of methods) (store as unknown as Record<Method, () => Promise<never>>)[m] = () => Promise.reject(error())
  return store
}

const input = { roleArn: 'acs:ram::1:role/r', roleSessionName: 'alice', durationSeconds: 900, policy: '{}' }

describe('credential cache without its shared store', () => {
  it('mints from memory when the store is down, then answers from memory', async () => {
    const clock = new FakeClock()
    const sts = new FakeSts(clock)
    const events: CacheEvent[] = []
    const cache = new StsCache({ clock, shared: failing(clock, ['get', 'put', 'removeIfEquals']), onEvent: (e) => events.push(e) })
    const first = await cache.get('alice', () => sts.assumeRole(input))
    expect(await cache.get('alice', () => sts.assumeRole(input))).toBe(first)
    expect(sts.calls).toHaveLength(1)
    expect(events).toEqual(['store-down', 'miss', 'hit-memory'])
    // Evicting while the store is down still drops this instance's copy.
    await cache.evict('alice', first.accessKeyId)
    expect((await cache.get('alice', () => sts.assumeRole(input))).accessKeyId).not.toBe(first.accessKeyId)
  })

  it('a failed publish after the mint never mints again', async () => {
    const clock = new FakeClock()
    const sts = new FakeSts(clock)
    const store = new MemoryStore(clock)
    const put = store.put.bind(store)
    store.put = (key, value, ttl, onlyIfAbsent) =>
      key.startsWith('sts:') ? Promise.reject(new StoreUnavailableError('gone')) : put(key, value, ttl, onlyIfAbsent)
    const cache = new StsCache({ clock, shared: store })
    await cache.get('alice', () => sts.assumeRole(input))
    expect(sts.calls).toHaveLength(1)
  })

  it('any other store error is not taken for an outage: the request fails', async () => {
    const clock = new FakeClock()
    const cache = new StsCache({ clock, shared: failing(clock, ['get'], () => new Error('WRONGTYPE')) })
    await expect(cache.get('alice', () => new FakeSts(clock).assumeRole(input))).rejects.toThrow('WRONGTYPE')
  })
})

describe('rate-limit counters without their shared store', () => {
  it('count in this instance’s memory, and say so', async () => {
    const clock = new FakeClock()
    let fallbacks = 0
    const Store = rateLimitStore(failing(clock, ['increment']), { onFallback: () => fallbacks++ })
    const store = new Store({})
    const incr = () => new Promise<number>((ok, fail) => store.incr('ip', (err, r) => (err ? fail(err) : ok(r!.current)), 60_000, 100))
    expect([await incr(), await incr(), await incr()]).toEqual([1, 2, 3])
    expect(fallbacks).toBe(3)
  })
})
