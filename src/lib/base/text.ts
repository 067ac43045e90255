/**
 * A vendor field as text: a string as it is, a number or boolean as written, absent or null as ''.
 * Anything else (a bridge's object where text was documented) as JSON, never "[object Object]".
 */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === undefined || v === null) return ''
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  try {
    return JSON.stringify(v) || ''
  } catch {
    return ''
  }
}
