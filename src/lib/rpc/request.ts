import { acs3Authorization, sha256Hex } from '../signing/acs3'
import { percentEncode } from '../signing/percent-encode'
import { isoTimestamp } from '../signing/timestamps'
import type { Credentials } from '../base/credentials'
import type { HttpRequest } from '../transport/types'

/** The content-type of every RPC request we send (V1 form body; V3 empty body, signed). */
export const RPC_CONTENT_TYPE = 'application/x-www-form-urlencoded'

export interface RpcCall {
  /** `https://ocr.cn-shanghai.aliyuncs.com` (a path is kept: the emulator may sit under one). */
  endpoint: string
  action: string
  version: string
  params: Record<string, string>
}

export interface SigningContext {
  credentials: Credentials
  /** Server-corrected now, ms. */
  now: number
  nonce: string
  /** @default 'cn-shanghai' */
  regionId?: string
}

/** `host[:port]` of a URL, without needing the URL global (missing in some mini-program runtimes). */
export function hostOf(url: string): string {
  const m = url.match(/^[a-z][a-z0-9+.-]*:\/\/([^/?#]+)/i)
  return m ? m[1] : ''
}

function pathOf(url: string): string {
  const m = url.match(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+([^?#]*)/i)
  return m && m[1] ? m[1] : '/'
}

export function formEncode(params: Record<string, string>): string {
  return Object.keys(params)
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&')
}

/**
 * One way to sign an RPC call into a full HTTP request: `rpcV3Signer` (ACS3-HMAC-SHA256, the
 * default) or `rpcV1Signer` (HMAC-SHA1, signer-v1.ts). Each lives in its own module, so a
 * build links only the signer it passes (V1 brings SHA-1 with it). Pure: time and nonce come in
 * `ctx`, so each retry gets a fresh signature by signing again with new ones.
 */
export interface RpcSigner {
  readonly version: 'v1' | 'v3'
  sign(call: RpcCall, ctx: SigningContext): HttpRequest
}

/** `v1` or `v3`: what the emulator's claims and the error diagnosis call a signer. */
export type RpcSignatureVersion = RpcSigner['version']

/** V3 (ACS3-HMAC-SHA256): query-string params, an empty body, the signature in `Authorization`. */
function signV3(call: RpcCall, ctx: SigningContext): HttpRequest {
  const c = ctx.credentials
  const base = call.endpoint.replace(/\/+$/, '')
  const params = rpcParams(call, ctx)
  const emptyBodyHash = sha256Hex('')
  const headers: Record<string, string> = {
    host: hostOf(base),
    // Every HTTP client adds a content-type when we give none (Node fetch `text/plain;charset=UTF-8`
    // for a string body, wx/my.request `application/json`, dd.httpRequest
    // `application/x-www-form-urlencoded`), and V3 requires every sent content-type to be signed
    // (https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature): so we
    // choose it and sign it. Form-encoded, like the V1 body, for an RPC POST with an empty body.
    'content-type': RPC_CONTENT_TYPE,
    'x-acs-action': call.action,
    'x-acs-version': call.version,
    'x-acs-date': isoTimestamp(ctx.now),
    'x-acs-signature-nonce': ctx.nonce,
    'x-acs-content-sha256': emptyBodyHash,
  }
  if (c.securityToken) headers['x-acs-security-token'] = c.securityToken
  const path = pathOf(base + '/')
  const authorization = acs3Authorization(
    { method: 'POST', path, query: params, headers, hashedPayload: emptyBodyHash },
    c.accessKeyId,
    c.accessKeySecret,
  )
  // `host` is signed but not sent by us: browsers and mini programs set it themselves (and refuse ours).
  const { host: _host, ...sent } = headers
  return {
    url: `${base}/?${formEncode(params)}`,
    method: 'POST',
    headers: { ...sent, authorization },
    body: '',
  }
}

export const rpcV3Signer: RpcSigner = { version: 'v3', sign: signV3 }

/** The params every signer sends: `RegionId` (default `cn-shanghai`) and the call's own. */
export function rpcParams(call: RpcCall, ctx: SigningContext): Record<string, string> {
  return { RegionId: ctx.regionId ?? 'cn-shanghai', ...call.params }
}

/** A fully signed HTTP request for one RPC call attempt. @default signer `rpcV3Signer` */
export function buildRpcRequest(call: RpcCall, ctx: SigningContext, signer: RpcSigner = rpcV3Signer): HttpRequest {
  return signer.sign(call, ctx)
}
