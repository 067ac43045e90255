// The PostObject policy document: {expiration, conditions[]}. Conditions supported as OSS does:
//   {"<field>": "<value>"}                      exact match ({"bucket": …} matches the URL bucket)
//   ["eq", "$<field>", v]  ["starts-with", "$<field>", prefix]  ["in"/"not-in", "$<field>", [..]]
//   ["content-length-range", min, max]
// Field names are case-insensitive, as OSS form fields are.
import { ossErrors, OssError } from './errors'

export interface PostPolicy {
  expiration: number
  conditions: unknown[]
}

export function decodePolicy(policyBase64: string): PostPolicy {
  let doc: unknown
  try {
    const text = Buffer.from(policyBase64, 'base64').toString('utf8')
    doc = JSON.parse(text)
  } catch {
    throw ossErrors.invalidPolicy('Invalid JSON.')
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw ossErrors.invalidPolicy('Invalid JSON.')
  const d = doc as Record<string, unknown>
  const expiration = typeof d.expiration === 'string' ? Date.parse(d.expiration) : NaN
  if (Number.isNaN(expiration) || !/^\d{4}-\d{2}-\d{2}T/.test(String(d.expiration))) {
    throw ossErrors.invalidPolicy("Invalid 'expiration' value.")
  }
  if (!Array.isArray(d.conditions)) throw ossErrors.invalidPolicy("Invalid 'conditions' value.")
  return { expiration, conditions: d.conditions }
}

function show(condition: unknown): string {
  // OSS echoes the failing condition: ["eq", "$key", "x"].
  return JSON.stringify(condition).replace(/","/g, '", "').replace(/",\[/g, '", [')
}

/** Form field names a condition refers to (lower-cased), for the "V4 fields must be in the policy" rule. */
export function referencedFields(conditions: unknown[]): Set<string> {
  const out = new Set<string>()
  for (const c of conditions) {
    if (Array.isArray(c) && typeof c[1] === 'string' && c[1].startsWith('$')) out.add(c[1].slice(1).toLowerCase())
    else if (c && typeof c === 'object' && !Array.isArray(c)) for (const k of Object.keys(c)) out.add(k.toLowerCase())
  }
  return out
}

export interface PolicySubject {
  /** Lower-cased field → value, with `bucket`, `key` (resolved) and `content-type` filled in. */
  values: Record<string, string>
  size: number
}

export function checkConditions(conditions: unknown[], subject: PolicySubject): void {
  const value = (field: string) => subject.values[field.toLowerCase()] ?? ''
  for (const c of conditions) {
    if (c && typeof c === 'object' && !Array.isArray(c)) {
      const entries = Object.entries(c as Record<string, unknown>)
      if (entries.length !== 1 || typeof entries[0][1] !== 'string') throw ossErrors.invalidPolicy('Invalid condition.')
      const [field, expected] = entries[0] as [string, string]
      if (value(field) !== expected) throw ossErrors.policyCondition(show(c))
      continue
    }
    if (!Array.isArray(c) || typeof c[0] !== 'string') throw ossErrors.invalidPolicy('Invalid condition.')
    const op = c[0].toLowerCase()
    if (op === 'content-length-range') {
      const [min, max] = [Number(c[1]), Number(c[2])]
      if (!Number.isFinite(min) || !Number.isFinite(max)) throw ossErrors.invalidPolicy('Invalid content-length-range.')
      if (subject.size > max) throw ossErrors.tooLarge()
      if (subject.size < min) throw ossErrors.tooSmall()
      continue
    }
    if (typeof c[1] !== 'string' || !c[1].startsWith('$')) throw ossErrors.invalidPolicy(`Invalid condition ${show(c)}.`)
    const actual = value(c[1].slice(1))
    let ok: boolean
    if (op === 'eq' && typeof c[2] === 'string') ok = actual === c[2]
    else if (op === 'starts-with' && typeof c[2] === 'string') ok = actual.startsWith(c[2])
    else if ((op === 'in' || op === 'not-in') && Array.isArray(c[2])) ok = (c[2] as unknown[]).includes(actual) === (op === 'in')
    else throw ossErrors.invalidPolicy(`Invalid condition ${show(c)}.`)
    if (!ok) throw ossErrors.policyCondition(show(c))
  }
}

export { OssError }
