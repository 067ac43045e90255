export type DifferenceKind = 'method' | 'path' | 'added-after-signing' | 'missing-on-server' | 'value' | 'encoding' | 'hash'

export interface SignatureDifference {
  kind: DifferenceKind
  /** The parameter (V1) the difference is in. */
  parameter?: string
  /** Index of the first differing character in the encoded value. */
  index?: number
  ours?: string
  theirs?: string
}

export interface SignatureDiagnosis {
  /** `v1` = HMAC-SHA1 `METHOD&%2F&<query>`; `v3` = `ACS3-HMAC-SHA256\n<hash>`. */
  version: 'v1' | 'v3' | 'unknown'
  /** Both sides built the same string: the key, not the request, is wrong. */
  identical: boolean
  differences: SignatureDifference[]
  /** The usual cause, in plain words. */
  cause: string
  /** One line for logs and CLIs. */
  summary: string
}

export interface DiagnoseInput {
  /** The string-to-sign our signer built. */
  ours: string
  /** The service's, from its error message. */
  theirs: string
  /** What we know about the key, never the key itself. */
  secretHint?: { appendedAmpersand?: boolean }
}

interface V1Parts {
  method: string
  path: string
  params: Array<[string, string]>
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** `POST&%2F&AccessKeyId%3Dx%26Action%3Dy` → method, path and the still-encoded `k=v` pairs. */
function parseV1(sts: string): V1Parts | undefined {
  const parts = sts.split('&')
  if (parts.length !== 3 || !/^[A-Z]+$/.test(parts[0])) return undefined
  const query = safeDecode(parts[2])
  const params =
    query === ''
      ? []
      : query.split('&').map((kv): [string, string] => {
          const i = kv.indexOf('=')
          return i === -1 ? [kv, ''] : [kv.slice(0, i), kv.slice(i + 1)]
        })
  return { method: parts[0], path: safeDecode(parts[1]), params }
}

function firstDiff(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

/** The encoding rule broken at `index`, judged from what each side has there. */
function encodingCause(ours: string, theirs: string, index: number): string | undefined {
  const o = ours.slice(index)
  const t = theirs.slice(index)
  if (o.startsWith('+') && t.startsWith('%20')) return 'a space was encoded as "+" (RFC 3986 wants "%20")'
  if (o.startsWith('%2B') && t.startsWith('%20')) return 'a "+" in the value reached the server as a space: the body sent "+" unencoded'
  if (o.startsWith('*') && t.startsWith('%2A')) return '"*" was left unencoded (it must be "%2A")'
  if (o.startsWith('%7E') && t.startsWith('~')) return '"~" was encoded as "%7E" (it must stay "~")'
  if (o.startsWith('%20') && t.startsWith('+')) return 'the server saw "+" where we signed a space'
  if (/^%[0-9a-f]{2}/.test(o) && /^%[0-9A-F]{2}/.test(t)) return 'percent-escapes must use upper-case hex'
  return undefined
}

function diffV1(ours: V1Parts, theirs: V1Parts): SignatureDifference[] {
  const out: SignatureDifference[] = []
  if (ours.method !== theirs.method) out.push({ kind: 'method', ours: ours.method, theirs: theirs.method })
  if (ours.path !== theirs.path) out.push({ kind: 'path', ours: ours.path, theirs: theirs.path })
  const o = new Map(ours.params)
  const t = new Map(theirs.params)
  for (const [k, v] of theirs.params) {
    if (!o.has(k)) out.push({ kind: 'added-after-signing', parameter: safeDecode(k), theirs: safeDecode(v) })
  }
  for (const [k, v] of ours.params) {
    const tv = t.get(k)
    if (tv === undefined) {
      out.push({ kind: 'missing-on-server', parameter: safeDecode(k), ours: safeDecode(v) })
      continue
    }
    if (tv === v) continue
    const index = firstDiff(v, tv)
    const sameValue =
      safeDecode(v.replace(/\+/g, '%20')) === safeDecode(tv) ||
      safeDecode(v) === safeDecode(tv) ||
      encodingCause(v, tv, index) !== undefined
    out.push({ kind: sameValue ? 'encoding' : 'value', parameter: safeDecode(k), index, ours: v, theirs: tv })
  }
  return out
}

function minutesApart(a: string, b: string): number | undefined {
  const x = Date.parse(safeDecode(a))
  const y = Date.parse(safeDecode(b))
  return Number.isFinite(x) && Number.isFinite(y) ? Math.round(Math.abs(x - y) / 60_000) : undefined
}

function causeOf(d: SignatureDifference): string {
  // Each kind fills the fields it names (diffV1, diagnoseSignatureMismatch); a 'value' difference
  // of two strings that did not parse as V1 has no parameter, only a position.
  const { index = 0, ours = '', theirs = '' } = d
  const subject = d.parameter === undefined ? 'the string to sign' : `parameter ${d.parameter}`
  switch (d.kind) {
    case 'method':
      return `the request was signed for ${ours} but sent as ${theirs}`
    case 'path':
      return `the request was signed for path ${ours} but reached ${theirs} (a proxy or base path?)`
    case 'added-after-signing':
      return `${subject} was added after signing (or by a proxy): sign the final parameter set`
    case 'missing-on-server':
      return `${subject} was signed but never reached the server (dropped, or sent in a part it does not read)`
    case 'encoding': {
      const cause = encodingCause(ours, theirs, index) ?? `ours "${ours}", theirs "${theirs}"`
      return `${subject} is encoded differently at character ${index}: ${cause}`
    }
    case 'value':
      if (d.parameter === 'Timestamp') {
        const minutes = minutesApart(ours, theirs)
        const apart = minutes !== undefined ? ` (${minutes} min apart)` : ''
        return `the Timestamp changed after signing${apart}: a clock corrected mid-request, or a retry that reused an old signature`
      }
      return `${subject} differs from character ${index}: ours "${ours}", theirs "${theirs}" (changed after signing?)`
    case 'hash':
      return 'the canonical requests differ (V3 reports only their hash): check the signed headers, the query encoding and the body hash'
  }
}

/**
 * Where our string-to-sign and the service's differ, and the usual reason. Pure: two strings in,
 * a diagnosis out. The service puts its own string-to-sign in a SignatureDoesNotMatch message
 * (`… server string to sign is:<STS>`); decoding both canonical strings turns "signature wrong"
 * into "parameter X, character N: ours `+`, theirs `%20`".
 */

export function diagnoseSignatureMismatch(input: DiagnoseInput): SignatureDiagnosis {
  const { ours, theirs } = input
  const v3 = ours.startsWith('ACS3-') || theirs.startsWith('ACS3-')
  const version: SignatureDiagnosis['version'] = v3 ? 'v3' : parseV1(ours) && parseV1(theirs) ? 'v1' : 'unknown'
  if (ours === theirs) {
    const cause =
      version === 'v1' && input.secretHint?.appendedAmpersand === false
        ? 'the strings to sign are identical, so the key is wrong: V1 signs with the secret followed by "&", and "&" was not appended'
        : version === 'v1'
          ? 'the strings to sign are identical, so the key is wrong: a wrong AccessKey secret, or the secret used without the trailing "&" V1 requires'
          : 'the strings to sign are identical, so the key is wrong: the AccessKey secret does not belong to this AccessKeyId'
    return { version, identical: true, differences: [], cause, summary: `signature mismatch (${version}): ${cause}` }
  }
  let differences: SignatureDifference[]
  if (version === 'v1') differences = diffV1(parseV1(ours)!, parseV1(theirs)!)
  else if (version === 'v3') differences = [{ kind: 'hash', ours, theirs }]
  else {
    const index = firstDiff(ours, theirs)
    differences = [{ kind: 'value', index, ours: ours.slice(index, index + 40), theirs: theirs.slice(index, index + 40) }]
  }
  // Encoding and added-parameter problems explain everything else they drag along; lead with them.
  const order: DifferenceKind[] = ['method', 'path', 'encoding', 'added-after-signing', 'missing-on-server', 'value', 'hash']
  differences.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
  const cause = differences.length > 0 ? causeOf(differences[0]) : 'the strings differ in a way that could not be decoded'
  const more = differences.length > 1 ? ` (+${differences.length - 1} more difference${differences.length > 2 ? 's' : ''})` : ''
  return { version, identical: false, differences, cause, summary: `signature mismatch (${version}): ${cause}${more}` }
}
