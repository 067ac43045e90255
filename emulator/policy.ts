// RAM policy documents: grammar check (as STS does for AssumeRole's Policy) and evaluation
// (explicit Deny wins, then any Allow, else implicit deny). Conditions are not evaluated: the
// kit's policies use none, and silently ignoring one would be less strict, so a statement with a
// Condition is refused at grammar-check time.

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny'
  Action: string | string[]
  Resource?: string | string[]
}

export interface PolicyDocument {
  Version: string
  Statement: PolicyStatement[]
}

export type PolicyCheck = { ok: true; policy: PolicyDocument } | { ok: false; reason: string }

function asList(v: unknown): string[] | null {
  if (typeof v === 'string') return [v]
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return v as string[]
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
    if (st.Condition !== undefined) return { ok: false, reason: 'Condition is not supported by the emulator' }
  }
  return { ok: true, policy: d as unknown as PolicyDocument }
}

/** Glob with `*` and `?`, as RAM uses in Action and Resource. */
export function wildcardMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'is' : 's').test(value)
}

function statementMatches(st: PolicyStatement, action: string, resource: string): boolean {
  // RAM action names are case-insensitive; resources are not.
  const actionOk = (asList(st.Action) ?? []).some((a) => wildcardMatch(a, action, true))
  const resources = asList(st.Resource) ?? ['*']
  return actionOk && resources.some((r) => wildcardMatch(r, resource, false))
}

export function policyAllows(policy: PolicyDocument, action: string, resource: string): boolean {
  const matching = policy.Statement.filter((s) => statementMatches(s, action, resource))
  if (matching.some((s) => s.Effect === 'Deny')) return false
  return matching.some((s) => s.Effect === 'Allow')
}
