import { describe, expect, it } from 'vitest'
import { createAbortController, KitError, NetworkError, ServiceError, type Recovery } from '../../src/lib'
import { withRecovery, withoutRetry, type RecoveryOptions } from '../../src/lib/base/retry'

const failing = (recovery: Recovery, code = 'X') => new KitError(code, `failed with ${code}`, { recovery })

/** An attempt that throws the scripted errors in turn, then answers 'ok'. */
function script(...errors: unknown[]) {
  const calls: number[] = []
  const attempt = async (n: number) => {
    calls.push(n)
    if (errors.length > 0) throw errors.shift()
    return 'ok'
  }
  return { attempt, calls }
}

function recorder(extra: RecoveryOptions = {}) {
  const sleeps: number[] = []
  const refreshed: KitError[] = []
  const resynced: KitError[] = []
  const options: RecoveryOptions = {
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
    onRefresh: (e) => void refreshed.push(e),
    onResync: (e) => void resynced.push(e),
    ...extra,
  }
  return { options, sleeps, refreshed, resynced }
}

describe('withRecovery: each recovery', () => {
  it('backoff: waits and tries again, the ceiling doubling from the base', async () => {
    const { attempt, calls } = script(failing('backoff'), failing('backoff'))
    const r = recorder()
    expect(await withRecovery(attempt, r.options)).toBe('ok')
    expect(calls).toEqual([1, 2, 3])
    expect(r.sleeps).toEqual([300, 600]) // 0.75 of 400 and of 800
    expect([r.refreshed, r.resynced]).toEqual([[], []])
  })

  it('refresh-credentials: onRefresh gets the error, then one more attempt, with no wait', async () => {
    const expired = failing('refresh-credentials', 'SecurityTokenExpired')
    const { attempt, calls } = script(expired)
    const r = recorder()
    expect(await withRecovery(attempt, r.options)).toBe('ok')
    expect(calls).toEqual([1, 2])
    expect(r.refreshed).toEqual([expired])
    expect(r.sleeps).toEqual([])
  })

  it('resync-clock: onResync gets the error, then one more attempt, with no wait', async () => {
    const skewed = failing('resync-clock', 'RequestTimeTooSkewed')
    const { attempt, calls } = script(skewed)
    const r = recorder()
    expect(await withRecovery(attempt, r.options)).toBe('ok')
    expect(calls).toEqual([1, 2])
    expect(r.resynced).toEqual([skewed])
    expect(r.sleeps).toEqual([])
  })

  it('none: thrown at once', async () => {
    const refused = failing('none', 'InvalidImage.Format')
    const { attempt, calls } = script(refused)
    const r = recorder()
    await expect(withRecovery(attempt, r.options)).rejects.toBe(refused)
    expect(calls).toEqual([1])
    expect(r.sleeps).toEqual([])
  })

  it('an error that is not a KitError is thrown at once', async () => {
    const bug = new TypeError('x is undefined')
    const { attempt, calls } = script(bug)
    await expect(withRecovery(attempt, recorder().options)).rejects.toBe(bug)
    expect(calls).toEqual([1])
  })

  it('refresh or resync without a handler: the error is surfaced', async () => {
    for (const recovery of ['refresh-credentials', 'resync-clock'] as const) {
      const err = failing(recovery)
      const { attempt, calls } = script(err)
      await expect(withRecovery(attempt, { sleep: async () => {} })).rejects.toBe(err)
      expect(calls).toEqual([1])
    }
  })

  it('a failing handler ends the call with its own error', async () => {
    const backendDown = new ServiceError({ service: 'backend', status: 502, code: 'StsUnavailable', message: 'm' }, { recovery: 'backoff' })
    const { attempt } = script(failing('refresh-credentials'))
    const r = recorder({ onRefresh: () => Promise.reject(backendDown) })
    await expect(withRecovery(attempt, r.options)).rejects.toBe(backendDown)
  })

  it('withoutRetry: a failing step inside the attempt is surfaced as it is, never retried', async () => {
    const grantFailed = failing('backoff', 'StsUnavailable')
    let calls = 0
    const attempt = async () => {
      calls++
      return withoutRetry(Promise.reject(grantFailed))
    }
    await expect(withRecovery(attempt, recorder().options)).rejects.toBe(grantFailed)
    expect(calls).toBe(1)
  })

  it("withoutRetry outside withRecovery still rejects with an Error, carrying the step's failure", async () => {
    const grantFailed = failing('backoff', 'StsUnavailable')
    const err: unknown = await withoutRetry(Promise.reject(grantFailed)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(Error)
    expect((err as { error: unknown }).error).toBe(grantFailed)
  })
})

describe('withRecovery: caps', () => {
  it('backoff stops after maxAttempts attempts and throws the last error', async () => {
    const errors = [failing('backoff', 'A'), failing('backoff', 'B'), failing('backoff', 'C'), failing('backoff', 'D')]
    const { attempt, calls } = script(...errors)
    const r = recorder({ maxAttempts: 3 })
    await expect(withRecovery(attempt, r.options)).rejects.toBe(errors[2])
    expect(calls).toEqual([1, 2, 3])
    expect(r.sleeps).toHaveLength(2)
  })

  it('maxAttempts 1: a backoff error is thrown at once, a refresh is still made', async () => {
    const down = failing('backoff')
    const r = recorder({ maxAttempts: 1 })
    await expect(withRecovery(script(down).attempt, r.options)).rejects.toBe(down)
    expect(await withRecovery(script(failing('refresh-credentials')).attempt, r.options)).toBe('ok')
    expect(r.refreshed).toHaveLength(1)
  })

  it('at most one refresh per call: the second credential error is surfaced', async () => {
    const second = failing('refresh-credentials', 'Second')
    const { attempt, calls } = script(failing('refresh-credentials'), second)
    const r = recorder()
    await expect(withRecovery(attempt, r.options)).rejects.toBe(second)
    expect(calls).toEqual([1, 2])
    expect(r.refreshed).toHaveLength(1)
  })

  it('at most one resync per call: the second clock error is surfaced', async () => {
    const second = failing('resync-clock', 'Second')
    const { attempt } = script(failing('resync-clock'), second)
    const r = recorder()
    await expect(withRecovery(attempt, r.options)).rejects.toBe(second)
    expect(r.resynced).toHaveLength(1)
  })

  it('a refresh and a resync do not use up backoff attempts', async () => {
    const { attempt, calls } = script(failing('refresh-credentials'), failing('backoff'), failing('resync-clock'), failing('backoff'))
    const r = recorder({ maxAttempts: 3 })
    expect(await withRecovery(attempt, r.options)).toBe('ok')
    expect(calls).toEqual([1, 2, 3, 4, 5])
    expect([r.refreshed.length, r.resynced.length, r.sleeps.length]).toEqual([1, 1, 2])
  })

  it('delays never exceed maxDelayMs', async () => {
    const { attempt } = script(...Array.from({ length: 7 }, () => failing('backoff')))
    const r = recorder({ maxAttempts: 8, baseDelayMs: 300, maxDelayMs: 5000, random: () => 0.999999 })
    await withRecovery(attempt, r.options)
    expect(r.sleeps.map(Math.round)).toEqual([300, 600, 1200, 2400, 4800, 5000, 5000])
  })
})

describe('withRecovery: jitter', () => {
  it.each([0, 0.25, 0.5, 0.999999])('random() = %s: each wait lies in [half, all] of its ceiling', async (value) => {
    const { attempt } = script(...Array.from({ length: 5 }, () => failing('backoff')))
    const r = recorder({ maxAttempts: 6, random: () => value })
    await withRecovery(attempt, r.options)
    r.sleeps.forEach((ms, i) => {
      const ceiling = Math.min(4000, 400 * 2 ** i)
      expect(ms).toBeCloseTo(ceiling * (0.5 + value / 2), 6)
      expect(ms).toBeGreaterThanOrEqual(ceiling / 2)
      expect(ms).toBeLessThanOrEqual(ceiling)
    })
  })

  it('two clients that failed together wait different times', async () => {
    const waits = await Promise.all(
      [0.1, 0.9].map(async (value) => {
        const r = recorder({ random: () => value })
        await withRecovery(script(failing('backoff')).attempt, r.options)
        return r.sleeps[0]
      }),
    )
    expect(waits[0]).not.toBe(waits[1])
  })
})

describe('withRecovery: abort', () => {
  it('an aborted request is never retried', async () => {
    const cancelled = new NetworkError('aborted', 'POST', 'https://b.example/')
    expect(cancelled.recovery).toBe('none')
    const { attempt, calls } = script(cancelled)
    await expect(withRecovery(attempt, recorder().options)).rejects.toBe(cancelled)
    expect(calls).toEqual([1])
  })

  it('a cancel during a wait ends it at once with an aborted NetworkError naming the request; nothing is tried after it', async () => {
    const controller = createAbortController()
    const down = failing('backoff', 'ServiceUnavailable')
    const { attempt, calls } = script(down)
    const never = () => new Promise<void>(() => {}) // a wait that would never end by itself
    const run = withRecovery(attempt, {
      signal: controller.signal,
      sleep: never,
      request: () => ({ method: 'POST', url: 'https://b.example/?token=secret' }),
    })
    await Promise.resolve()
    controller.abort()
    const err = await run.catch((e) => e)
    expect(err).toBeInstanceOf(NetworkError)
    expect([err.failure, err.recovery, err.cause]).toEqual(['aborted', 'none', down])
    expect(err.message).toBe('POST https://b.example/ was cancelled')
    expect(calls).toEqual([1])
  })

  it('a cancel before a refresh: no refresh is made', async () => {
    const controller = createAbortController()
    const r = recorder({ signal: controller.signal })
    const attempt = async () => {
      controller.abort()
      throw failing('refresh-credentials', 'SecurityTokenExpired')
    }
    const err = await withRecovery(attempt, r.options).catch((e) => e)
    expect([err.failure, err.message]).toEqual(['aborted', 'retry after SecurityTokenExpired was cancelled'])
    expect(r.refreshed).toEqual([])
  })
})
