// Who may read an object: anyone on a public-read bucket, else a signed URL (V1 or V4 in the query
// string), each checked as OSS does: signature, validity window, the key's token, and RAM
// oss:GetObject. Used by GetObject and by the vision APIs' download of an ImageURL.
//   V1: https://help.aliyun.com/en/oss/developer-reference/ddd-signatures-to-urls (sic: the page's own address)
//       StringToSign = GET\n<Content-MD5>\n<Content-Type>\n<Expires>\n/<bucket>/<key>[?security-token=<t>]
//   V4: https://help.aliyun.com/en/oss/developer-reference/add-signatures-to-urls (x-oss-expires: seconds, as the
//       official SDK's signatureUrlV4 sends it; some EC pages call it a timestamp)
//       CanonicalRequest = GET\n/<bucket>/<key>\n<sorted query minus x-oss-signature>\n<headers>\n<additional>\nUNSIGNED-PAYLOAD
import { createHash, createHmac } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { EmulatorState } from '../state'
import { parseOssV4Date } from '../clock'
import { CredentialStore, type Credential } from '../credentials'
import { header } from '../http'
import { credentialRefusal, ossErrors } from './errors'
import { ossV4SigningKey, parseV4Credential, sameSignature } from './post-signature'
import { percentEncode } from '../rpc/encode'

export interface ReadRequest {
  method: 'GET' | 'HEAD'
  bucket: string
  key: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  /** Fault injection: treat the token as expired. */
  expireToken?: boolean
}

/** A signed URL lives at most 7 days (x-oss-expires 1–604800). */
const V4_MAX_EXPIRES = 604800
const V4_DATE_WINDOW_MS = 15 * 60 * 1000

/** Whether a URL's query carries a signature at all (V1 or V4). */
export function isSignedQuery(query: URLSearchParams): boolean {
  return query.has('OSSAccessKeyId') || query.has('x-oss-signature')
}

function credentialFor(state: EmulatorState, req: ReadRequest, accessKeyId: string, token: string | undefined): Credential {
  const r = state.credentials.resolve(accessKeyId, token, state.clock.now(), req.expireToken)
  if (!r.ok) throw credentialRefusal(r.reason, accessKeyId, state.credentials.isSts(accessKeyId))
  return r.credential
}

function checkV1(state: EmulatorState, req: ReadRequest): Credential {
  const q = req.query
  const akid = q.get('OSSAccessKeyId') ?? ''
  const expires = q.get('Expires') ?? ''
  const signature = q.get('Signature') ?? ''
  if (!/^\d+$/.test(expires) || !signature) throw ossErrors.invalidArgument('Expires and Signature must be provided with OSSAccessKeyId.')
  const token = q.get('security-token') ?? undefined
  const credential = credentialFor(state, req, akid, token)
  const h = req.headers
  const resource = `/${req.bucket}/${req.key}${token ? `?security-token=${token}` : ''}`
  const stringToSign = `${req.method}\n${header(h, 'content-md5') ?? ''}\n${header(h, 'content-type') ?? ''}\n${expires}\n${resource}`
  const expected = createHmac('sha1', credential.accessKeySecret).update(stringToSign, 'utf8').digest('base64')
  if (!sameSignature(expected, signature)) throw ossErrors.signatureMismatch({ OSSAccessKeyId: akid })
  if (Number(expires) * 1000 < state.clock.now()) throw ossErrors.accessDenied('Request has expired.')
  return credential
}

function v4CanonicalRequest(req: ReadRequest): string {
  const query = [...req.query.entries()].filter(([k]) => k !== 'x-oss-signature')
  const canonicalQuery = query
    .map(([k, v]) => [percentEncode(k), percentEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
  const additional = (req.query.get('x-oss-additional-headers') ?? '').split(';').filter(Boolean)
  const names = Object.keys(req.headers)
    .filter((h) => h === 'content-type' || h === 'content-md5' || h.startsWith('x-oss-') || additional.includes(h))
    .sort()
  const headers = names.map((h) => `${h}:${String(req.headers[h]).trim()}\n`).join('')
  const uri = percentEncode(`/${req.bucket}/${req.key}`).replace(/%2F/g, '/')
  return [req.method, uri, canonicalQuery, headers, additional.join(';'), 'UNSIGNED-PAYLOAD'].join('\n')
}

function checkV4(state: EmulatorState, req: ReadRequest): Credential {
  const q = req.query
  const need = (name: string) =>
    q.get(name) ||
    (() => {
      throw ossErrors.invalidArgument(`The query parameter "${name}" must be provided.`)
    })()
  if (need('x-oss-signature-version') !== 'OSS4-HMAC-SHA256')
    throw ossErrors.invalidArgument('Unsupported x-oss-signature-version; use OSS4-HMAC-SHA256.')
  const cred = parseV4Credential(need('x-oss-credential'))
  if (!cred) throw ossErrors.invalidArgument('Invalid x-oss-credential; expected <AccessKeyId>/<yyyymmdd>/<region>/oss/aliyun_v4_request.')
  const date = need('x-oss-date')
  const signedAt = parseOssV4Date(date)
  if (signedAt === null || date.slice(0, 8) !== cred.date)
    throw ossErrors.invalidArgument('Invalid x-oss-date, or it does not match x-oss-credential.')
  const expires = Number(need('x-oss-expires'))
  if (!Number.isInteger(expires) || expires < 1 || expires > V4_MAX_EXPIRES)
    throw ossErrors.invalidArgument(`x-oss-expires must be 1–${V4_MAX_EXPIRES} seconds.`)
  if (cred.region !== state.options.region)
    throw ossErrors.invalidArgument(`Invalid signing region in x-oss-credential: expected ${state.options.region}.`)
  const credential = credentialFor(state, req, cred.accessKeyId, q.get('x-oss-security-token') ?? undefined)
  const canonicalRequest = v4CanonicalRequest(req)
  const scope = `${cred.date}/${cred.region}/oss/aliyun_v4_request`
  const stringToSign = ['OSS4-HMAC-SHA256', date, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n')
  const expected = createHmac('sha256', ossV4SigningKey(credential.accessKeySecret, cred.date, cred.region))
    .update(stringToSign)
    .digest('hex')
  if (!sameSignature(expected, need('x-oss-signature').toLowerCase())) {
    throw ossErrors.signatureMismatch({ CanonicalRequest: canonicalRequest, StringToSign: stringToSign, OSSAccessKeyId: cred.accessKeyId })
  }
  const now = state.clock.now()
  if (signedAt - now > V4_DATE_WINDOW_MS) throw ossErrors.timeTooSkewed()
  if (signedAt + expires * 1000 < now) throw ossErrors.accessDenied('Request has expired.')
  return credential
}

/** Throws the OssError OSS would answer, or returns when the read is allowed. */
export function authorizeRead(state: EmulatorState, req: ReadRequest): void {
  if (!isSignedQuery(req.query)) {
    if (state.options.buckets[req.bucket]?.publicRead) return
    throw ossErrors.accessDenied('You have no right to access this object because of bucket acl.')
  }
  const credential = req.query.has('x-oss-signature') ? checkV4(state, req) : checkV1(state, req)
  const o = state.options
  if (!CredentialStore.allows(credential, 'oss:GetObject', `acs:oss:${o.region}:${o.accountId}:${req.bucket}/${req.key}`)) {
    throw ossErrors.accessDenied(`You are not authorized to do oss:GetObject on ${req.bucket}/${req.key} (RAM policy).`)
  }
}
