/**
 * `npm run doctor [-- --json] [--offline] [--console-domains <file>] [--image <photo>]`: checks a
 * real `.env` on the user's own machine. Offline first (config shape, cloud sanity, console
 * allow-lists), then one AssumeRole, one 1 KB PostObject and one RecognizeBankCard, stopping at
 * the first failure. One line per check with its fix; exit code 1 when anything failed.
 */
import { loadDotEnv } from '../server/config'
import { DOCTOR_USAGE, DoctorUsageError, parseDoctorArgs, type DoctorArgs } from './doctor/args'
import { header, renderCheck, renderJson, renderSummary } from './doctor/report'
import { runDoctor } from './doctor/run'
import type { CheckResult } from './doctor/types'

async function main(): Promise<number> {
  loadDotEnv()
  let args: DoctorArgs
  try {
    args = parseDoctorArgs(process.argv.slice(2), process.env)
  } catch (err) {
    if (!(err instanceof DoctorUsageError)) throw err
    process.stderr.write(`${err.message ? `${err.message}\n` : ''}${DOCTOR_USAGE}\n`)
    return err.message ? 2 : 0
  }
  // Text: each line as its check finishes (a live step can take seconds); JSON: one object at the end.
  const stream = (c: CheckResult) => process.stdout.write(renderCheck(c))
  if (!args.json) process.stdout.write(header(process.env.APP_MODE?.trim() || 'emulator'))
  const report = await runDoctor(process.env, args, args.json ? {} : { onCheck: stream })
  process.stdout.write(args.json ? renderJson(report) : renderSummary(report))
  return report.failed ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Never a stack with request details: the message only (the checks themselves are redacted).
    process.stderr.write(`doctor: unexpected error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`)
    process.exit(1)
  },
)
