import { describe, expect, it } from 'vitest'
import { ReplayStore } from '../../server/store/replay-store'
import { StsCache } from '../../server/sts/cache'
import type { StsCredentials } from '../../server/sts/client'
import { FakeClock } from './helpers'
import { setBounded } from '../../server/store/bounded-map'

describe('setBounded', () => {
  it('keeps at most maxEntries, drops the oldest, and a re-set key becomes the newest', () => {
    const map = new Map<string, number>()
    for (const [i, key] of ['a', 'b', 'c'].entries()) setBounded(map, key, i, 3)
    setBounded(map, 'a', 9, 3)
    setBounded(map, 'd', 3, 3)
    expect([...map]).toEqual([
      ['c', 2],
      ['a', 9],
      ['d', 3],
    ])
  })
})

describe('ReplayStore', () => {
  it('claims once per (namespace, code) and forgets after the TTL', () => {
    const clock = new FakeClock()
    const store = new ReplayStore({ clock, ttlMs: 1000 })
    expect(store.claim('weapp', 'a')).toBe(true)
    expect(store.claim('weapp', 'a')).toBe(false)
    expect(store.claim('dd', 'a')).toBe(true)
    clock.advance(999)
    expect(store.claim('weapp', 'a')).toBe(false)
    clock.advance(1)
    expect(store.claim('weapp', 'a')).toBe(true)
  })

  it('is bounded: never holds more than maxEntries', () => {
    const store = new ReplayStore({ clock: new FakeClock(), maxEntries: 100 })
    for (let i = 0; i < 1000; i++) store.claim('weapp', `code-${i}`)
    expect(store.size).toBe(100)
    // The most recent codes are still remembered.
    expect(store.claim('weapp', 'code-999')).toBe(false)
  })
})

describe('StsCache', () => {
  const creds = (n: number, expMs: number): StsCredentials => ({
    accessKeyId: `STS.${n}`,
    accessKeySecret: 's',
    securityToken: 't',
    expiration: new Date(expMs),
  })

  it('is bounded and evicts the oldest user first', async () => {
    const clock = new FakeClock()
    const cache = new StsCache({ clock, maxEntries: 2 })
    let minted = 0
    const mint = async () => creds(++minted, clock.now() + 3600_000)
    await cache.get('a', mint)
    await cache.get('b', mint)
    await cache.get('c', mint)
    expect(minted).toBe(3)
    await cache.get('c', mint)
    await cache.get('b', mint)
    expect(minted).toBe(3)
    await cache.get('a', mint)
    expect(minted).toBe(4)
  })

  it('credentials already inside the refresh margin are minted again at once', async () => {
    const clock = new FakeClock()
    const cache = new StsCache({ clock })
    let minted = 0
    // A (misconfigured) 4-minute lifetime is shorter than the 5-minute margin: never served from cache.
    const mint = async () => creds(++minted, clock.now() + 240_000)
    await cache.get('a', mint)
    await cache.get('a', mint)
    expect(minted).toBe(2)
  })
})
