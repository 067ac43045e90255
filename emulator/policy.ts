// RAM policy documents: grammar check (as STS does for AssumeRole's Policy) and evaluation
// (explicit Deny wins, then any Allow, else implicit deny). Conditions: the string operators only
// (https://www.alibabacloud.com/help/en/ram/user-guide/policy-elements); a statement whose
// condition key the request does not carry does not apply, as RAM evaluates it. Any other
// operator is refused at grammar-check time rather than silently ignored.

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny'
  Action: string | string[]
  Resource?: string | string[]
  /** `{StringEquals: {'acs:Service': 'viapi.aliyuncs.com'}}` */
  Condition?: Record<string, Record<string, string | string[]>>
}

/** Condition keys a request carries, e.g. `acs:Service` when a cloud service passes a role. */
export type RequestContext = Readonly<Record<string, string>>

const CONDITION_OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringNotEquals: (p, v) => p !== v,
  StringEqualsIgnoreCase: (p, v) => p.toLowerCase() === v.toLowerCase(),
  StringLike: (p, v) => wildcardMatch(p, v, false),
}

export interface PolicyDocument {
  Version: string
  Statement: PolicyStatement[]
}

export type PolicyCheck = { ok: true; policy: PolicyDocument } | { ok: false; reason: string }

function asList(v: unknown): string[] | null {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v
  return null
}

export function parsePolicy(text: string): PolicyCheck {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'not valid JSON' }
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return { ok: false, reason: 'not an object' }
  const d = doc as Record<string, unknown>
  if (d.Version !== '1') return { ok: false, reason: 'Version must be "1"' }
  if (!Array.isArray(d.Statement) || d.Statement.length === 0) return { ok: false, reason: 'Statement missing' }
  for (const s of d.Statement as unknown[]) {
    if (!s || typeof s !== 'object') return { ok: false, reason: 'Statement entry is not an object' }
    const st = s as Record<string, unknown>
    if (st.Effect !== 'Allow' && st.Effect !== 'Deny') return { ok: false, reason: 'Effect must be Allow or Deny' }
    if (!asList(st.Action)) return { ok: false, reason: 'Action missing' }
    if (st.Resource !== undefined && !asList(st.Resource)) return { ok: false, reason: 'Resource malformed' }
    if (st.Condition !== undefined && !validCondition(st.Condition)) {
      return { ok: false, reason: `Condition must map ${Object.keys(CONDITION_OPERATORS).join('/')} to {key: value(s)}` }
    }
  }
  return { ok: true, policy: d as unknown as PolicyDocument }
}

/** Glob with `*` and `?`, as RAM uses in Action and Resource. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'is' : 's').test(value)
}

function validCondition(c: unknown): boolean {
  if (!c || typeof c !== 'object' || Array.isArray(c)) return false
  return Object.entries(c as Record<string, unknown>).every(
    ([op, keys]) => op in CONDITION_OPERATORS && !!keys && typeof keys === 'object' && Object.values(keys).every((v) => asList(v)),
  )
}

function conditionHolds(condition: PolicyStatement['Condition'], context: RequestContext): boolean {
  return Object.entries(condition ?? {}).every(([op, keys]) =>
    Object.entries(keys).every(
      ([key, values]) => key in context && (asList(values) ?? []).some((v) => CONDITION_OPERATORS[op](v, context[key])),
    ),
  )
}

function statementMatches(st: PolicyStatement, action: string, resource: string, context: RequestContext): boolean {
  // RAM action names are case-insensitive; resources are not.
  const actionOk = (asList(st.Action) ?? []).some((a) => wildcardMatch(a, action, true))
  const resources = asList(st.Resource) ?? ['*']
  return actionOk && resources.some((r) => wildcardMatch(r, resource, false)) && conditionHolds(st.Condition, context)
}

export function policyAllows(policy: PolicyDocument, action: string, resource: string, context: RequestContext = {}): boolean {
  const matching = policy.Statement.filter((s) => statementMatches(s, action, resource, context))
  if (matching.some((s) => s.Effect === 'Deny')) return false
  return matching.some((s) => s.Effect === 'Allow')
}
