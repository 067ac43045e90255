import { makeCardPhoto } from '../test/support/images'
import { runFaultLoad, type FaultLoadReport } from './run-fault-load'
import { fmt, measuredRow, type Row } from './types'

/** The bench's scale: 30 users for 20 s; Redis down from 5 s to 10 s; instance A drained at 13 s. */
export const FAULT_LOAD = { users: 30, durationMs: 20_000, redisStopAtMs: 5000, redisDownMs: 5000, drainAtMs: 13_000, drainMs: 2000 }

/** Issue 21's fault-under-load run (bench/run-fault-load.ts) as rows. */
export async function faultLoad(): Promise<Row[]> {
  const photo = new Uint8Array(await makeCardPhoto())
  return faultLoadRows(await runFaultLoad({ ...FAULT_LOAD, photo }))
}

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')

export function faultLoadRows(r: FaultLoadReport): Row[] {
  const section = 'Faults under load'
  const row = measuredRow(section)
  const failed = Object.values(r.failures).reduce((a, b) => a + b, 0)
  const untyped = Object.entries(r.failures).filter(([label]) => label.startsWith('untyped:'))
  const { requests: q, assumeRole: a, outage: o, timeline: t } = r
  return [
    row(
      `${r.users} users, ${r.instances} instances sharing redis-server behind a round-robin proxy, ${r.runSeconds} s; ` +
        `Redis down ${t.redisDownSeconds} s at ${FAULT_LOAD.redisStopAtMs / 1000} s, instance A drained at ${FAULT_LOAD.drainAtMs / 1000} s`,
      `${fmt.int(r.visits)} visits: ${fmt.int(r.successes)} succeeded, ${failed} failed; ` +
        `${fmt.int(q.total)} requests (backend ${q.backend}, uploads ${q.uploads}, API ${q.api}); backend answers ${list(r.backendStatuses)}`,
    ),
    ...Object.entries(r.failures).map(([label, n]) =>
      row(`failed with ${label.replace(':', ' ')}`, String(n), { target: 'typed', pass: !label.startsWith('untyped:') }),
    ),
    row('failed with an untyped error', String(untyped.reduce((n, [, c]) => n + c, 0)), { target: '0', pass: untyped.length === 0 }),
    row(
      'slowest answer (any request; backend)',
      `${r.slowest.ms} ms ${r.slowest.what}; ${r.slowestBackend.ms} ms ${r.slowestBackend.what}`,
      { target: '< 2 s', pass: r.slowest.ms < 2000 },
    ),
    row(
      'while Redis was down: credentials handed out, logins refused (503 LoginUnavailable + Retry-After), logins accepted',
      `${o.stsAnswered} / ${o.loginsRefused} / ${o.loginsAccepted}`,
      { target: 'credentials > 0, accepted 0', pass: o.stsAnswered > 0 && o.loginsAccepted === 0 },
    ),
    row('AssumeRole calls (emulator STS)', `${a.calls}; max ${a.maxPerUser} per user, ${a.usersOverBound} users over their bound`, {
      baseline: `bound ${a.bound}: per user 1 per instance (one may mint from memory while Redis is down) + stale keys reported`,
      target: '≤ the bound for every user',
      pass: a.usersOverBound === 0 && a.calls <= a.bound,
    }),
    row('acknowledged uploads missing from the bucket', `${r.uploads.missing} of ${fmt.int(r.uploads.acknowledged)}`, {
      target: '0',
      pass: r.uploads.missing === 0,
    }),
    row(
      'drain of instance A: last request sent to it after SIGTERM; closed after',
      `${t.lastRequestToDrainedMs} ms; ${t.drainClosedSeconds} s (requests per instance ${r.perInstance.join(' / ')})`,
      {
        target: 'none after the proxy’s 200 ms health check',
        pass: t.lastRequestToDrainedMs < 600,
      },
    ),
  ]
}
