import { acs3Authorization, sha256Hex } from '../signing/acs3'
import { percentEncode } from '../signing/percent-encode'
import { signRpcV1 } from '../signing/rpc-v1'
import { isoTimestamp } from '../signing/timestamps'
import type { Credentials } from '../credentials/types'
import type { HttpRequest } from '../transport/types'

export type RpcSignatureVersion = 'v1' | 'v3'

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
  signatureVersion: RpcSignatureVersion
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

function formEncode(params: Record<string, string>): string {
  return Object.keys(params)
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
    .join('&')
}

/**
 * A fully signed HTTP request for one RPC call attempt. Pure: time and nonce come in, so each
 * retry gets a fresh signature by calling this again with new ones.
 */
export function buildRpcRequest(call: RpcCall, ctx: SigningContext): HttpRequest {
  const c = ctx.credentials
  const base = call.endpoint.replace(/\/+$/, '')
  const params = { RegionId: ctx.regionId ?? 'cn-shanghai', ...call.params }
  if (ctx.signatureVersion === 'v1') {
    const signed = signRpcV1({
      method: 'POST',
      action: call.action,
      version: call.version,
      params,
      accessKeyId: c.accessKeyId,
      accessKeySecret: c.accessKeySecret,
      securityToken: c.securityToken,
      timestamp: isoTimestamp(ctx.now),
      nonce: ctx.nonce,
    })
    return {
      url: base + '/',
      method: 'POST',
      headers: { 'content-type': RPC_CONTENT_TYPE },
      body: formEncode(signed),
    }
  }
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
  const authorization = acs3Authorization({ method: 'POST', path, query: params, headers, hashedPayload: emptyBodyHash }, c.accessKeyId, c.accessKeySecret)
  // `host` is signed but not sent by us: browsers and mini programs set it themselves (and refuse ours).
  const { host: _host, ...sent } = headers
  return {
    url: `${base}/?${formEncode(params)}`,
    method: 'POST',
    headers: { ...sent, authorization },
    body: '',
  }
}
