import type { CheckResult, DoctorReport } from './types'

const LABEL: Record<CheckResult['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' }

export const header = (mode: DoctorReport['mode'] | string) => `npm run doctor — ${mode} configuration\n\n`

/** One check's line, then its fix (and its vendor page) indented under a warn or FAIL. */
export function renderCheck(c: CheckResult): string {
  const lines = [`${LABEL[c.status]}  ${c.id}: ${c.summary}`]
  if (c.fix && (c.status === 'fail' || c.status === 'warn')) lines.push(`      fix: ${c.fix}`)
  if (c.docs && (c.status === 'fail' || c.status === 'warn')) lines.push(`      see: ${c.docs}`)
  return `${lines.join('\n')}\n`
}

export function renderSummary(report: DoctorReport): string {
  const count = (s: CheckResult['status']) => report.checks.filter((c) => c.status === s).length
  return `\n${count('ok')} ok, ${count('warn')} warn, ${count('fail')} failed, ${count('skip')} skipped\n`
}

/** The whole report as text: what the command line prints, line by line as checks finish. */
export function renderText(report: DoctorReport): string {
  return header(report.mode) + report.checks.map(renderCheck).join('') + renderSummary(report)
}

export function renderJson(report: DoctorReport): string {
  return `${JSON.stringify(report)}\n`
}
