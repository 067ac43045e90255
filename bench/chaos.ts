import { makeCardPhoto } from '../test/support/images'
import { runChaos, type ChaosReport } from './run-chaos'
import { fmt, measuredRow, type Row } from './types'

/** The run issue 15 asks for: at least 500 recognitions by 50 users, about 20 % of cloud requests faulted. */
export const CHAOS_SEED = 15

const percent = (share: number) => `${(share * 100).toFixed(1)} %`
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')

/** Issue 15's chaos run (bench/run-chaos.ts) as rows: what succeeded, every failure by typed code, and the bounds. */
export async function chaos(): Promise<Row[]> {
  const photo = new Uint8Array(await makeCardPhoto())
  return chaosRows(await runChaos({ seed: CHAOS_SEED, users: 50, recognitionsPerUser: 10, photo }))
}

/** The table of one chaos report; a failure outside the KitError family shows as its own row and fails the "untyped" row. */
export function chaosRows(r: ChaosReport): Row[] {
  const section = 'Chaos run'
  const failed = Object.values(r.failures).reduce((a, b) => a + b, 0)
  const untyped = Object.entries(r.failures).filter(([label]) => label.startsWith('untyped:'))
  const { max, boundAtMax, mean, usersOverBound } = r.assumeRole
  const row = measuredRow(section)
  return [
    row(
      `seed ${r.seed}: ${fmt.int(r.recognitions)} bank-card recognitions by ${r.users} users`,
      `${r.successes} succeeded (${percent(r.successes / r.recognitions)}), ${failed} failed`,
    ),
    ...Object.entries(r.failures).map(([label, n]) =>
      row(`failed with ${label.replace(':', ' ')}`, String(n), { target: 'typed', pass: !label.startsWith('untyped:') }),
    ),
    row('failed with an untyped error', String(untyped.reduce((n, [, c]) => n + c, 0)), { target: '0', pass: untyped.length === 0 }),
    row(
      'requests per recognition: from the device (reaching STS, OSS and the API)',
      `${r.requestsPerRecognition} (${r.cloudRequestsPerRecognition})`,
      {
        baseline: '2 (upload + API call, no fault)',
        ratio: `${(r.requestsPerRecognition / 2).toFixed(2)}× the floor`,
      },
    ),
    row(
      `AssumeRole calls per user per validity window (run ${r.timing.runSeconds.toFixed(0)} s, credentials valid ${r.timing.credentialSeconds} s: one window)`,
      `max ${max} (that user's bound ${boundAtMax}), mean ${mean}; ${usersOverBound} users over their bound`,
      {
        baseline: `bound: 1 + keys the user reported stale (${r.staleReports} reported in all)`,
        target: '≤ the bound for every user',
        pass: usersOverBound === 0 && r.timing.runSeconds < r.timing.credentialSeconds,
      },
    ),
    row(
      'objects uploaded per success',
      `${r.objectsPerSuccess} (${r.objects} objects, ${r.successes} successes, ${r.orphans} failed after its upload)`,
      {
        target: '1 per success + 1 per failure after upload',
        pass: r.objects === r.successes + r.orphans,
      },
    ),
    row('faulted share of the requests reaching STS, OSS and the API', `${percent(r.faultedShare)} (${list(r.faults)})`, {
      target: 'about 20 % (15–25 %)',
      pass: r.faultedShare > 0.15 && r.faultedShare < 0.25,
    }),
  ]
}
