import { describe, expect, it } from 'vitest'
import { CredentialsError } from '../../src/lib'
import { createClock, expiresWithin, memoize, parseGrant } from '../../src/lib/credentials'
import { apiCredentials } from '../../src/lib/credentials/api-credentials'

/** A provider whose calls the test resolves by hand, so concurrency is explicit. */
function scriptedProvider<T>() {
  const pending: Array<{ resolve: (v: T) => void; reject: (e: unknown) => void }> = []
  const provider = () => new Promise<T>((resolve, reject) => pending.push({ resolve, reject }))
  return { provider, pending }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('memoize', () => {
  it('shares one pending call among concurrent callers', async () => {
    const { provider, pending } = scriptedProvider<{ v: number }>()
    const get = memoize(provider, () => false)
    const all = Promise.all(Array.from({ length: 10 }, () => get()))
    await tick()
    expect(pending).toHaveLength(1)
    pending[0].resolve({ v: 1 })
    const results = await all
    expect(new Set(results).size).toBe(1)
    expect(await get()).toBe(results[0])
    expect(pending).toHaveLength(1)
  })

  it('never caches a failure', async () => {
    const { provider, pending } = scriptedProvider<number>()
    const get = memoize(provider, () => false)
    const first = get()
    await tick()
    pending[0].reject(new Error('boom'))
    await expect(first).rejects.toThrow('boom')
    const second = get()
    await tick()
    expect(pending).toHaveLength(2)
    pending[1].resolve(7)
    expect(await second).toBe(7)
  })

  it('refreshes when the value is expired', async () => {
    let now = 0
    const values = [{ exp: 100 }, { exp: 200 }]
    let calls = 0
    const get = memoize(
      async () => values[calls++],
      expiresWithin(
        (v: { exp: number }) => new Date(v.exp),
        10,
        () => now,
      ),
    )
    expect(await get()).toBe(values[0])
    now = 89
    expect(await get()).toBe(values[0])
    now = 90 // within the 10 ms margin
    expect(await get()).toBe(values[1])
    expect(calls).toBe(2)
  })

  it('refresh(stale) from many callers refreshes once; after it started nobody gets the stale value', async () => {
    const { provider, pending } = scriptedProvider<{ gen: number }>()
    const get = memoize(provider, () => false)
    const p0 = get()
    await tick()
    pending[0].resolve({ gen: 0 })
    const stale = await p0
    const refreshes = Array.from({ length: 5 }, () => get.refresh(stale))
    const plainGet = get()
    await tick()
    expect(pending).toHaveLength(2)
    pending[1].resolve({ gen: 1 })
    const results = await Promise.all([...refreshes, plainGet])
    expect(results.every((r) => r.gen === 1)).toBe(true)
    // A late refresh(stale) for the already-replaced value does not refresh again.
    expect((await get.refresh(stale)).gen).toBe(1)
    expect(pending).toHaveLength(2)
  })
})

describe('clock', () => {
  it('learns the server offset and applies it', () => {
    let device = 1_000_000
    const clock = createClock(() => device)
    clock.learn(new Date(1_000_000 + 86_400_000), device)
    expect(clock.offsetMs()).toBe(86_400_000)
    device += 5
    expect(clock.now()).toBe(1_000_005 + 86_400_000)
  })
  it('ignores an invalid date', () => {
    const clock = createClock(() => 0)
    clock.learn(new Date('nonsense'))
    expect(clock.offsetMs()).toBe(0)
  })
})

describe('parseGrant', () => {
  const good = {
    accessKeyId: 'STS.a',
    accessKeySecret: 's',
    securityToken: 't',
    expiration: '2026-11-23T16:00:00Z',
    serverTime: '2026-11-23T15:00:00Z',
    oss: {
      bucket: 'b',
      region: 'cn-shanghai',
      host: 'http://127.0.0.1:9100/oss/b/',
      keyPrefix: 'uploads/u/',
      signatureVersion: 'v4',
      maxBytes: 100,
    },
    endpoints: { ocr: 'http://127.0.0.1:9100' },
  }
  it('turns wire JSON into typed values', () => {
    const g = parseGrant(good)
    expect(g.credentials.expiration.toISOString()).toBe('2026-11-23T16:00:00.000Z')
    expect(g.oss.host).toBe('http://127.0.0.1:9100/oss/b')
    expect(g.endpoints.ocr).toBe('http://127.0.0.1:9100')
  })
  it.each([
    ['accessKeyId', { ...good, accessKeyId: '' }],
    ['expiration', { ...good, expiration: 'tomorrow' }],
    ['oss', { ...good, oss: null }],
    ['oss.signatureVersion', { ...good, oss: { ...good.oss, signatureVersion: 'v2' } }],
    ['endpoints.ocr', { ...good, endpoints: { ocr: 5 } }],
  ])('names the bad field: %s', (field, body) => {
    expect(() => parseGrant(body)).toThrow(CredentialsError)
    expect(() => parseGrant(body)).toThrow(`"${field}"`)
  })
})

describe('apiCredentials (what the RPC client refreshes)', () => {
  const grantOf = (n: number, api?: boolean) => ({
    credentials: { accessKeyId: `oss${n}`, accessKeySecret: 's', securityToken: 't', expiration: new Date(Date.now() + 3600e3) },
    ...(api
      ? { apiCredentials: { accessKeyId: `api${n}`, accessKeySecret: 's', securityToken: 't', expiration: new Date(Date.now() + 3600e3) } }
      : {}),
    oss: { bucket: 'b', region: 'cn-shanghai', host: 'h', keyPrefix: '', signatureVersion: 'v4' as const, maxBytes: 1 },
    endpoints: {},
    serverTime: new Date(),
  })

  it('signs with apiCredentials when the grant has them, else with its credentials', async () => {
    expect(
      (
        await apiCredentials(
          memoize(
            async () => grantOf(1, true),
            () => false,
          ),
        )()
      ).accessKeyId,
    ).toBe('api1')
    expect(
      (
        await apiCredentials(
          memoize(
            async () => grantOf(1),
            () => false,
          ),
        )()
      ).accessKeyId,
    ).toBe('oss1')
  })

  it('refresh(stale) renews once; a later refresh of the replaced key returns the replacement without a request', async () => {
    let calls = 0
    const creds = apiCredentials(
      memoize(
        async () => grantOf(++calls),
        () => false,
      ),
    )
    const first = await creds()
    const second = await creds.refresh(first)
    expect(second.accessKeyId).toBe('oss2')
    // A call that failed with the first key only now reports it: already replaced.
    expect((await creds.refresh(first)).accessKeyId).toBe('oss2')
    expect(calls).toBe(2)
    // Reporting the current key renews again.
    expect((await creds.refresh(second)).accessKeyId).toBe('oss3')
  })
})
