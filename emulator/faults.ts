// Fault injection and per-service request counters. Rules are matched in order; a rule with a
// `count` applies to the next N matching requests and is then used up, without `count` it stays
// until cleared. Several rules can hit one request (e.g. latency + error).

export const SERVICES = ['sts', 'oss', 'ocr', 'imageseg', 'viapiutils', 'login', 'green', 'imm'] as const
export type Service = (typeof SERVICES)[number]
export const FAULT_KINDS = ['latency', 'error5xx', 'throttle', 'drop', 'expire-token'] as const
export type FaultKind = (typeof FAULT_KINDS)[number]

export interface FaultRule {
  service: Service | '*'
  kind: FaultKind
  count?: number
  ms?: number
  /** error5xx only: 500 or 503 (default 503). */
  status?: number
}

/** What happens to one request, decided once when it arrives. */
export interface FaultPlan {
  latencyMs: number
  /** The first of drop/error5xx/throttle that matched, if any. */
  outcome?: { kind: 'drop' } | { kind: 'error5xx'; status: number } | { kind: 'throttle' }
  expireToken: boolean
}

export function validateRules(input: unknown): FaultRule[] | string {
  if (!Array.isArray(input)) return 'rules must be an array'
  const out: FaultRule[] = []
  for (const r of input) {
    if (!r || typeof r !== 'object') return 'rule must be an object'
    const rule = r as Record<string, unknown>
    if (rule.service !== '*' && !(SERVICES as readonly unknown[]).includes(rule.service)) return `bad service ${String(rule.service)}`
    if (!(FAULT_KINDS as readonly unknown[]).includes(rule.kind)) return `bad kind ${String(rule.kind)}`
    if (rule.count !== undefined && !(Number.isInteger(rule.count) && (rule.count as number) > 0)) return 'count must be a positive integer'
    if (rule.ms !== undefined && !(typeof rule.ms === 'number' && rule.ms >= 0)) return 'ms must be a non-negative number'
    if (rule.status !== undefined && rule.status !== 500 && rule.status !== 503) return 'status must be 500 or 503'
    out.push({
      service: rule.service as FaultRule['service'],
      kind: rule.kind as FaultKind,
      count: rule.count as number | undefined,
      ms: rule.ms,
      status: rule.status,
    })
  }
  return out
}

export class FaultController {
  rules: FaultRule[] = []
  counters: Record<Service, number> = FaultController.zero()

  private static zero(): Record<Service, number> {
    return { sts: 0, oss: 0, ocr: 0, imageseg: 0, viapiutils: 0, login: 0, green: 0, imm: 0 }
  }

  resetCounters(): void {
    this.counters = FaultController.zero()
  }

  /** Count the request and consume the rules that match it. */
  plan(service: Service): FaultPlan {
    this.counters[service] += 1
    const plan: FaultPlan = { latencyMs: 0, expireToken: false }
    for (const rule of this.rules) {
      if (rule.service !== '*' && rule.service !== service) continue
      if (rule.kind === 'latency') plan.latencyMs += rule.ms ?? 1000
      else if (rule.kind === 'expire-token') plan.expireToken = true
      else if (!plan.outcome) {
        plan.outcome = rule.kind === 'error5xx' ? { kind: 'error5xx', status: rule.status ?? 503 } : { kind: rule.kind }
      } else continue // a second terminal fault would never be seen: leave its count alone
      if (rule.count !== undefined) rule.count -= 1
    }
    this.rules = this.rules.filter((r) => r.count === undefined || r.count > 0)
    return plan
  }
}
