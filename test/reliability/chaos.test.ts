import { beforeAll, describe, expect, it } from 'vitest'
import { runChaos, type ChaosReport } from '../../bench/run-chaos'
import { makeCardPhoto } from '../support/images'

// Issue 15's chaos run (bench/run-chaos.ts, also a section of `npm run bench`): 500 recognitions
// by 50 users with ~20 % of the requests that reach STS, OSS and the vision API faulted at random.
// Every failure is typed, credentials are minted once per user plus once per key reported stale,
// every success stores one object, and the same seed gives the same numbers on a fresh stack.
let photo: Uint8Array

beforeAll(async () => {
  photo = new Uint8Array(await makeCardPhoto())
})

const run = (seed: number): Promise<ChaosReport> => runChaos({ seed, users: 50, recognitionsPerUser: 10, photo })

describe('chaos: 500 recognitions, 50 users, ~20 % of cloud requests faulted', () => {
  it('typed failures only, bounded AssumeRole, one object per success, same seed → same numbers', async () => {
    const first = await run(15)
    console.log(`chaos seed 15: ${JSON.stringify(first, null, 2)}`)
    expect(first.recognitions).toBe(500)
    expect(Object.keys(first.failures).filter((k) => k.startsWith('untyped'))).toEqual([])
    expect(first.successes + Object.values(first.failures).reduce((a, b) => a + b, 0)).toBe(500)
    expect(first.successes).toBeGreaterThanOrEqual(490)
    expect(first.faultedShare).toBeGreaterThan(0.15)
    expect(first.faultedShare).toBeLessThan(0.25)
    // "Per validity window": the whole run is shorter than the credentials' validity, so the count
    // per user over the run is the count per window.
    expect(first.timing.runSeconds).toBeLessThan(first.timing.credentialSeconds)
    expect(first.assumeRole.usersOverBound).toBe(0)
    // A retried upload reuses its key: one object per success, plus one per recognition that
    // failed after its upload (the API call gave up).
    expect(first.objects).toBe(first.successes + first.orphans)

    const again = await run(15)
    expect({ ...again, timing: first.timing }).toEqual(first)
  }, 600_000)
})
