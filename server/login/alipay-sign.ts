import { createSign } from 'node:crypto'

// Alipay OpenAPI request signing (RSA2). Pure: time and key are inputs.
// Sign content = every non-empty parameter except `sign`, sorted by key (byte order),
// joined as `k=v` with `&`, values raw (not URL-encoded); signature = base64(RSA-SHA256).

export function alipaySignContent(params: Record<string, string | undefined>): string {
  return Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
}

export function alipayRsa2Sign(content: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKeyPem, 'base64')
}

/** `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai (UTC+8, no DST), as the gateway requires. */
export function alipayTimestamp(ms: number): string {
  const d = new Date(ms + 8 * 3600 * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
}

/** All form fields of a signed `alipay.system.oauth.token` request. */
export function buildOauthTokenParams(input: {
  appId: string
  code: string
  privateKeyPem: string
  nowMs: number
}): Record<string, string> {
  const params: Record<string, string> = {
    app_id: input.appId,
    method: 'alipay.system.oauth.token',
    charset: 'utf-8',
    sign_type: 'RSA2',
    timestamp: alipayTimestamp(input.nowMs),
    version: '1.0',
    grant_type: 'authorization_code',
    code: input.code,
  }
  params.sign = alipayRsa2Sign(alipaySignContent(params), input.privateKeyPem)
  return params
}
