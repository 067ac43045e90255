/** What one doctor check found. */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip'

export interface CheckResult {
  /** Stable id, e.g. `config`, `sts.assume-role`, `allow-list.weapp.uploadFile`. */
  id: string
  status: CheckStatus
  /** One line: what was checked and what was found. */
  summary: string
  /** The cloud's or the config's error code, when there is one. */
  code?: string
  /** What to do about a warn or fail. */
  fix?: string
  /** The vendor page the fix comes from. */
  docs?: string
}

export interface DoctorReport {
  mode: 'emulator' | 'cloud' | 'unknown'
  checks: CheckResult[]
  /** True when any check failed: the exit code is then non-zero. */
  failed: boolean
}

export const ok = (id: string, summary: string): CheckResult => ({ id, status: 'ok', summary })
export const skip = (id: string, summary: string): CheckResult => ({ id, status: 'skip', summary })
