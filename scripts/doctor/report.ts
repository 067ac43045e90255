import type { CheckResult, DoctorReport } from './types'

const LABEL: Record<CheckResult['status'], string> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skip: 'skip' }

/** One line per check, then the fix (and its vendor page) indented under each warn or FAIL. */
export function renderText(report: DoctorReport): string {
  const lines = [`npm run doctor — ${report.mode} configuration`, '']
  for (const c of report.checks) {
    lines.push(`${LABEL[c.status]}  ${c.id}: ${c.summary}`)
    if (c.fix && (c.status === 'fail' || c.status === 'warn')) lines.push(`      fix: ${c.fix}`)
    if (c.docs && (c.status === 'fail' || c.status === 'warn')) lines.push(`      see: ${c.docs}`)
  }
  const count = (s: CheckResult['status']) => report.checks.filter((c) => c.status === s).length
  lines.push('', `${count('ok')} ok, ${count('warn')} warn, ${count('fail')} failed, ${count('skip')} skipped`)
  return `${lines.join('\n')}\n`
}

export function renderJson(report: DoctorReport): string {
  return `${JSON.stringify(report)}\n`
}
