// Authentication of one RPC request, V1 or V3: required parameters, timestamp window, AccessKey,
// signature, nonce, then the STS token. Order matters for which error a broken request sees;
// the nonce is only consumed once the signature is known good so a forged request cannot burn it.
import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { EmulatorState } from '../state'
import { header } from '../http'
import type { Credential } from '../credentials'
import { parseIsoUtc } from '../clock'
import { rpcErrors } from './errors'
import { v1Signature, v1StringToSign } from './sign-v1'
import { parseV3Authorization, sha256Hex, v3CanonicalRequest, v3Signature, v3StringToSign, V3_ALGORITHM } from './sign-v3'

export const TIMESTAMP_WINDOW_MS = 15 * 60 * 1000

export interface RpcRequest {
  method: string
  path: string
  query: Record<string, string>
  /** Query and form body merged (body wins), what actions read. */
  params: Record<string, string>
  headers: IncomingHttpHeaders
  body: Buffer
}

export interface Claims {
  signatureVersion: 'v1' | 'v3'
  action: string
  version: string
  accessKeyId: string
  securityToken?: string
  nonce: string
  timestamp: string
  verify(secret: string): { ok: boolean; stringToSign: string }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function isV3(req: RpcRequest): boolean {
  return (header(req.headers, 'authorization') ?? '').startsWith('ACS3-')
}

/** Pull the claims out of the request; throws RpcError for missing/ill-formed parts. */
export function readClaims(req: RpcRequest): Claims {
  if (isV3(req)) return readV3(req)
  return readV1(req)
}

function readV1(req: RpcRequest): Claims {
  const p = req.params
  if (!p.Signature) throw rpcErrors.incompleteSignature('Parameter "Signature" is missing.')
  if (p.SignatureMethod !== 'HMAC-SHA1') throw rpcErrors.incompleteSignature('Parameter "SignatureMethod" must be HMAC-SHA1.')
  if (p.SignatureVersion !== '1.0') throw rpcErrors.incompleteSignature('Parameter "SignatureVersion" must be 1.0.')
  for (const name of ['AccessKeyId', 'Action', 'Version', 'Timestamp', 'SignatureNonce']) {
    if (!p[name]) throw rpcErrors.missingParameter(name)
  }
  return {
    signatureVersion: 'v1',
    action: p.Action,
    version: p.Version,
    accessKeyId: p.AccessKeyId,
    securityToken: p.SecurityToken || undefined,
    nonce: p.SignatureNonce,
    timestamp: p.Timestamp,
    verify(secret) {
      const stringToSign = v1StringToSign(req.method, req.params)
      return { ok: safeEqual(v1Signature(stringToSign, secret), p.Signature), stringToSign }
    },
  }
}

function readV3(req: RpcRequest): Claims {
  const auth = parseV3Authorization(header(req.headers, 'authorization') ?? '')
  if (!auth) throw rpcErrors.incompleteSignature(`Authorization must be "${V3_ALGORITHM} Credential=…,SignedHeaders=…,Signature=…".`)
  for (const name of ['x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!header(req.headers, name)) throw rpcErrors.missingParameter(name)
  }
  const signed = auth.signedHeaders.map((h) => h.toLowerCase())
  // "SignedHeaders … must include host, content-type (when present) and every x-acs-* header":
  // https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature (请求头 / CanonicalHeaders).
  // A content-type added by the HTTP client (Node fetch, wx.request, dd.httpRequest) and left out is refused.
  const mustSign = ['host', ...Object.keys(req.headers).filter((h) => h === 'content-type' || h.startsWith('x-acs-'))]
  for (const h of mustSign) {
    if (!signed.includes(h)) throw rpcErrors.incompleteSignature(`Header "${h}" must be in SignedHeaders.`)
  }
  for (const h of signed) {
    if (req.headers[h] === undefined) throw rpcErrors.incompleteSignature(`Signed header "${h}" is not present.`)
  }
  return {
    signatureVersion: 'v3',
    action: header(req.headers, 'x-acs-action') as string,
    version: header(req.headers, 'x-acs-version') as string,
    accessKeyId: auth.accessKeyId,
    securityToken: header(req.headers, 'x-acs-security-token') || undefined,
    nonce: header(req.headers, 'x-acs-signature-nonce') as string,
    timestamp: header(req.headers, 'x-acs-date') as string,
    verify(secret) {
      const canonical = v3CanonicalRequest({
        method: req.method,
        path: req.path,
        query: req.query,
        headers: req.headers,
        signedHeaders: signed,
        payloadHash: sha256Hex(req.body),
      })
      const stringToSign = v3StringToSign(canonical)
      return { ok: safeEqual(v3Signature(stringToSign, secret), auth.signature.toLowerCase()), stringToSign }
    },
  }
}

/** Timestamp, key, signature, nonce, token. Returns the authenticated credential. */
export function authenticate(state: EmulatorState, claims: Claims, forceTokenExpired: boolean): Credential {
  const now = state.clock.now()
  const ts = parseIsoUtc(claims.timestamp)
  if (ts === null) throw rpcErrors.timestampFormat()
  if (Math.abs(ts - now) > TIMESTAMP_WINDOW_MS) throw rpcErrors.timestampExpired()

  const secret = state.credentials.secretOf(claims.accessKeyId)
  if (secret === undefined) throw rpcErrors.accessKeyNotFound()
  const check = claims.verify(secret)
  if (!check.ok) throw rpcErrors.signatureMismatch(check.stringToSign)
  if (!state.nonces.use(claims.accessKeyId, claims.nonce, now, TIMESTAMP_WINDOW_MS)) throw rpcErrors.nonceUsed()

  const resolved = state.credentials.resolve(claims.accessKeyId, claims.securityToken, now, forceTokenExpired)
  if (resolved.ok) return resolved.credential
  switch (resolved.reason) {
    case 'unknown-key':
      throw rpcErrors.accessKeyNotFound()
    case 'missing-token':
      throw rpcErrors.tokenMissing()
    case 'token-mismatch':
      throw rpcErrors.tokenMismatch()
    case 'malformed-token':
      throw rpcErrors.tokenMalformed()
    case 'expired':
      throw rpcErrors.tokenExpired()
  }
}
