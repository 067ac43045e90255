import { acs3CanonicalRequest, acs3StringToSign } from '../signing/acs3'
import { rpcStringToSign } from '../signing/rpc-v1'
import type { HttpRequest } from '../transport/types'
import { hostOf } from './request'

function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const pair of text.split('&')) {
    if (!pair) continue
    const i = pair.indexOf('=')
    const k = decodeURIComponent((i === -1 ? pair : pair.slice(0, i)).replace(/\+/g, '%20'))
    out[k] = decodeURIComponent((i === -1 ? '' : pair.slice(i + 1)).replace(/\+/g, '%20'))
  }
  return out
}

/**
 * The string-to-sign of a request `buildRpcRequest` made, rebuilt from what was sent (V1: the form
 * body; V3: the signed headers, query and the host the signer used). Only for diagnosis.
 */
export function localStringToSign(req: HttpRequest): string | undefined {
  const auth = req.headers?.authorization
  if (auth?.startsWith('ACS3-')) {
    const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1].split(';') ?? []
    const headers: Record<string, string> = { host: hostOf(req.url) }
    for (const [k, v] of Object.entries(req.headers ?? {}))
      if (k !== 'authorization' && signed.includes(k.toLowerCase())) headers[k.toLowerCase()] = v
    const q = req.url.indexOf('?')
    const pathMatch = req.url.match(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+([^?#]*)/i)
    const { canonicalRequest } = acs3CanonicalRequest({
      method: req.method,
      path: pathMatch && pathMatch[1] ? pathMatch[1] : '/',
      query: q === -1 ? {} : parseForm(req.url.slice(q + 1)),
      headers,
      hashedPayload: headers['x-acs-content-sha256'] ?? '',
    })
    return acs3StringToSign(canonicalRequest)
  }
  if (typeof req.body === 'string' && req.body.includes('Signature=')) {
    const params = parseForm(req.body)
    delete params.Signature
    return rpcStringToSign(req.method, params)
  }
  return undefined
}
