import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryStore, RedisStore, type SharedStore } from '../../server/store'
import { StsCache } from '../../server/sts/cache'
import type { StsCredentials } from '../../server/sts/client'
import { startRedis, type TestRedis } from './redis-server'

// One behaviour, two implementations: the Redis store must act like the in-memory reference.
let redis: TestRedis
const opened: SharedStore[] = []
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()))
  await redis?.stop()
})

const realClock = { now: () => Date.now() }
const factories: Array<[string, () => SharedStore]> = [
  ['memory', () => new MemoryStore(realClock)],
  [
    'redis',
    () => {
      const s = new RedisStore(redis.url, { prefix: `t${Math.random()}:` })
      opened.push(s)
      return s
    },
  ],
]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.each(factories)('SharedStore (%s)', (_name, make) => {
  it('put / get, and put-if-absent refuses a live key', async () => {
    const s = make()
    expect(await s.get('a')).toBeUndefined()
    expect(await s.put('a', '1', 10_000)).toBe(true)
    expect(await s.put('a', '2', 10_000, true)).toBe(false)
    expect(await s.get('a')).toBe('1')
    expect(await s.put('a', '3', 10_000)).toBe(true)
    expect(await s.get('a')).toBe('3')
  })

  it('values expire after their TTL', async () => {
    const s = make()
    await s.put('short', 'x', 40)
    expect(await s.get('short')).toBe('x')
    await sleep(120)
    expect(await s.get('short')).toBeUndefined()
    expect(await s.put('short', 'y', 10_000, true)).toBe(true)
  })

  it('removeIfEquals releases only a lock we still own', async () => {
    const s = make()
    await s.put('lock', 'me', 10_000)
    await s.removeIfEquals('lock', 'someone-else')
    expect(await s.get('lock')).toBe('me')
    await s.removeIfEquals('lock', 'me')
    expect(await s.get('lock')).toBeUndefined()
  })

  it('increment counts within a window that starts at the first hit', async () => {
    const s = make()
    const first = await s.increment('c', 60_000)
    expect(first.count).toBe(1)
    expect(first.ttlMs).toBeGreaterThan(59_000)
    expect((await s.increment('c', 60_000)).count).toBe(2)
    expect((await s.increment('other', 60_000)).count).toBe(1)
    await s.increment('w', 40)
    await sleep(120)
    expect((await s.increment('w', 40)).count).toBe(1)
  })
})

describe('StsCache over one Redis from two instances', () => {
  const creds = (n: number): StsCredentials => ({
    accessKeyId: `STS.${n}`,
    accessKeySecret: `secret-${n}`,
    securityToken: `tok-${n}`,
    expiration: new Date(Date.now() + 3600_000),
  })

  it('two concurrent first requests for one user mint once (cross-instance lock)', async () => {
    const prefix = `c${Math.random()}:`
    const a = new StsCache({ clock: realClock, shared: track(new RedisStore(redis.url, { prefix })) })
    const b = new StsCache({ clock: realClock, shared: track(new RedisStore(redis.url, { prefix })) })
    let minted = 0
    const mint = async () => {
      minted++
      await sleep(150)
      return creds(minted)
    }
    const [x, y] = await Promise.all([a.get('u1', mint), b.get('u1', mint)])
    expect(minted).toBe(1)
    expect(y.accessKeyId).toBe(x.accessKeyId)
    expect(y.expiration.getTime()).toBe(x.expiration.getTime())
    // Later calls on either side are cache hits.
    await a.get('u1', mint)
    await b.get('u1', mint)
    expect(minted).toBe(1)
  })

  it('a lock left by a dead holder expires and the next instance mints', async () => {
    const prefix = `d${Math.random()}:`
    const store = track(new RedisStore(redis.url, { prefix }))
    await store.put('sts-lock:u2', 'crashed-instance', 100)
    const cache = new StsCache({ clock: realClock, shared: store, lockTtlMs: 100 })
    let minted = 0
    const got = await cache.get('u2', async () => creds(++minted))
    expect(minted).toBe(1)
    expect(got.accessKeyId).toBe('STS.1')
  })

  it('evicting a reported key on one instance makes both mint once more; a replaced key evicts nothing', async () => {
    const prefix = `e${Math.random()}:`
    const a = new StsCache({ clock: realClock, shared: track(new RedisStore(redis.url, { prefix })) })
    const b = new StsCache({ clock: realClock, shared: track(new RedisStore(redis.url, { prefix })) })
    let minted = 0
    const mint = async () => creds(++minted)
    const first = await a.get('u3', mint)
    expect((await b.get('u3', mint)).accessKeyId).toBe(first.accessKeyId)
    await a.evict('u3', first.accessKeyId)
    const second = await a.get('u3', mint)
    expect(second.accessKeyId).toBe('STS.2')
    // b still holds STS.1 in its own map; a report of STS.1 on b drops that too, and b reads STS.2.
    await b.evict('u3', first.accessKeyId)
    expect((await b.get('u3', mint)).accessKeyId).toBe('STS.2')
    // A late report of the already-replaced key changes nothing.
    await a.evict('u3', first.accessKeyId)
    expect((await a.get('u3', mint)).accessKeyId).toBe('STS.2')
    expect(minted).toBe(2)
  })

  it('STS_CACHE=off (enabled: false) mints on every call', async () => {
    const cache = new StsCache({ clock: realClock, enabled: false })
    let minted = 0
    await cache.get('u', async () => creds(++minted))
    await cache.get('u', async () => creds(++minted))
    expect(minted).toBe(2)
  })
})

function track<T extends SharedStore>(s: T): T {
  opened.push(s)
  return s
}
