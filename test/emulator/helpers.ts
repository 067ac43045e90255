// Test-side signers and request helpers. Signatures come from the official helpers
// (@alicloud/openapi-util, ali-oss) used as independent oracles, plus a few lines of node:crypto
// where an oracle has no entry point (V4 PostObject policy signing key chain check, Alipay RSA2).
import { createHash, createHmac, createSign, randomUUID } from 'node:crypto'
import OpenApiUtil from '@alicloud/openapi-util'
import OSS from 'ali-oss'
import sharp from 'sharp'
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/index'

export async function start(opts: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ quiet: true, ...opts })
}

export interface Keys {
  accessKeyId: string
  accessKeySecret: string
  securityToken?: string
}

export function rootKeys(emu: RunningEmulator): Keys {
  return { accessKeyId: emu.options.rootAccessKeyId, accessKeySecret: emu.options.rootAccessKeySecret }
}

export const VERSIONS: Record<string, string> = {
  AssumeRole: '2015-04-01',
  RecognizeBankCard: '2019-12-30',
  SegmentCommonImage: '2019-12-30',
  GetOssStsToken: '2020-04-01',
}

export function isoNow(ms = Date.now()): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

export interface RpcResult {
  status: number
  body: Record<string, any>
  headers: Headers
}

async function toResult(res: Response): Promise<RpcResult> {
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : {}, headers: res.headers }
}

export interface V1Call {
  action: string
  version?: string
  params?: Record<string, string>
  keys: Keys
  method?: 'GET' | 'POST'
  timestamp?: string
  nonce?: string
  /** Change the signed params after signing (tampering). */
  tamper?: (signed: Record<string, string>) => void
  /** Drop a parameter before signing. */
  omit?: string[]
  /** Send with another HTTP method than the one signed. */
  sendAs?: 'GET' | 'POST'
}

/** RPC V1 call signed by @alicloud/openapi-util's getRPCSignature. */
export async function rpcV1(emu: RunningEmulator, call: V1Call): Promise<RpcResult> {
  const params: Record<string, string> = {
    Format: 'JSON',
    Version: call.version ?? VERSIONS[call.action],
    AccessKeyId: call.keys.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    Timestamp: call.timestamp ?? isoNow(),
    SignatureVersion: '1.0',
    SignatureNonce: call.nonce ?? randomUUID(),
    Action: call.action,
    ...(call.keys.securityToken ? { SecurityToken: call.keys.securityToken } : {}),
    ...(call.params ?? {}),
  }
  for (const k of call.omit ?? []) delete params[k]
  const method = call.method ?? 'GET'
  params.Signature = OpenApiUtil.getRPCSignature(params, method, call.keys.accessKeySecret)
  call.tamper?.(params)
  const qs = new URLSearchParams(params).toString()
  if ((call.sendAs ?? method) === 'GET') return toResult(await fetch(`${emu.url}/?${qs}`))
  return toResult(
    await fetch(`${emu.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: qs }),
  )
}

export interface V3Call {
  action: string
  version?: string
  query?: Record<string, string>
  /** Sent as form body. */
  form?: Record<string, string>
  keys: Keys
  date?: string
  nonce?: string
  /** Adjust headers after signing (tampering). */
  tamper?: (headers: Record<string, string>) => void
  /** Headers left out of the signature (but still sent). */
  unsigned?: Record<string, string>
  bodyOverride?: string
}

/** ACS3-HMAC-SHA256 call signed by @alicloud/openapi-util's getAuthorization. */
export async function rpcV3(emu: RunningEmulator, call: V3Call): Promise<RpcResult> {
  const body = call.form ? new URLSearchParams(call.form).toString() : ''
  const headers: Record<string, string> = {
    host: `127.0.0.1:${emu.port}`,
    'x-acs-action': call.action,
    'x-acs-version': call.version ?? VERSIONS[call.action],
    'x-acs-date': call.date ?? isoNow(),
    'x-acs-signature-nonce': call.nonce ?? randomUUID(),
    'x-acs-content-sha256': createHash('sha256').update(body).digest('hex'),
    ...(call.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    ...(call.keys.securityToken ? { 'x-acs-security-token': call.keys.securityToken } : {}),
  }
  const query = call.query ?? {}
  const request = { pathname: '/', method: 'POST', query, headers } as any
  headers.Authorization = OpenApiUtil.getAuthorization(
    request,
    'ACS3-HMAC-SHA256',
    headers['x-acs-content-sha256'],
    call.keys.accessKeyId,
    call.keys.accessKeySecret,
  )
  call.tamper?.(headers)
  const { host: _host, ...sendHeaders } = headers
  const qs = new URLSearchParams(query).toString()
  return toResult(
    await fetch(`${emu.url}/${qs ? `?${qs}` : ''}`, {
      method: 'POST',
      headers: { ...sendHeaders, ...(call.unsigned ?? {}) },
      body: call.bodyOverride ?? (body || undefined),
    }),
  )
}

/** Own V1 string-to-sign (node:crypto-free part) to compare with the server's diagnostic. */
export function ownV1StringToSign(method: string, params: Record<string, string>): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  const canon = Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k])}`)
    .join('&')
  return `${method}&${enc('/')}&${enc(canon)}`
}

export async function assumeRole(emu: RunningEmulator, policy?: object, extra: Record<string, string> = {}): Promise<Keys> {
  const r = await rpcV1(emu, {
    action: 'AssumeRole',
    keys: rootKeys(emu),
    params: {
      RoleArn: emu.options.roleArn,
      RoleSessionName: 'test-session',
      ...(policy ? { Policy: JSON.stringify(policy) } : {}),
      ...extra,
    },
  })
  if (r.status !== 200) throw new Error(`AssumeRole failed: ${JSON.stringify(r.body)}`)
  const c = r.body.Credentials
  return { accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret, securityToken: c.SecurityToken }
}

export function userPolicy(bucket: string, userId: string): object {
  return {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: ['oss:PutObject'], Resource: [`acs:oss:*:*:${bucket}/uploads/${userId}/*`] },
      { Effect: 'Allow', Action: ['viapi-ocr:RecognizeBankCard', 'viapi-imageseg:SegmentCommonImage'], Resource: ['*'] },
    ],
  }
}

// ---------- OSS PostObject ----------

export type Field = [string, string]

export interface PostFile {
  data: Buffer
  filename?: string
  contentType?: string
}

export interface OssResult {
  status: number
  text: string
  headers: Headers
  code?: string
}

export async function postObject(url: string, fields: Field[], file: PostFile | null, after: Field[] = []): Promise<OssResult> {
  const form = new FormData()
  for (const [k, v] of fields) form.append(k, v)
  if (file) {
    form.append('file', new Blob([new Uint8Array(file.data)], { type: file.contentType ?? 'image/png' }), file.filename ?? 'photo.png')
  }
  for (const [k, v] of after) form.append(k, v)
  const res = await fetch(url, { method: 'POST', body: form })
  const text = await res.text()
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1]
  return { status: res.status, text, headers: res.headers, code }
}

function ossClient(keys: Keys, bucket: string): any {
  return new OSS({
    accessKeyId: keys.accessKeyId,
    accessKeySecret: keys.accessKeySecret,
    stsToken: keys.securityToken,
    region: 'oss-cn-shanghai',
    bucket,
  })
}

export function policyExpiring(inMs: number, conditions: unknown[]): { expiration: string; conditions: unknown[] } {
  return { expiration: new Date(Date.now() + inMs).toISOString(), conditions }
}

/** V1 PostObject fields signed by ali-oss calculatePostSignature. */
export function v1Fields(keys: Keys, bucket: string, key: string, policy: object): Field[] {
  const signed = ossClient(keys, bucket).calculatePostSignature(policy)
  return [
    ['key', key],
    ['policy', signed.policy],
    ['OSSAccessKeyId', signed.OSSAccessKeyId],
    ['Signature', signed.Signature],
    ['success_action_status', '204'],
    ...(keys.securityToken ? ([['x-oss-security-token', keys.securityToken]] as Field[]) : []),
  ]
}

export function v4Date(d = new Date()): string {
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
}

/**
 * V4 PostObject: conditions for the signing fields are added (as OSS requires) unless
 * `skipCondition` names one; signed by ali-oss signPostObjectPolicyV4.
 */
export function v4Fields(
  keys: Keys,
  bucket: string,
  key: string,
  conditions: unknown[],
  opts: { skipCondition?: string; expiresInMs?: number; region?: string } = {},
): Field[] {
  const now = new Date()
  const date = v4Date(now)
  const credential = `${keys.accessKeyId}/${date.slice(0, 8)}/${opts.region ?? 'cn-shanghai'}/oss/aliyun_v4_request`
  const pinned: Record<string, string> = {
    'x-oss-signature-version': 'OSS4-HMAC-SHA256',
    'x-oss-credential': credential,
    'x-oss-date': date,
    ...(keys.securityToken ? { 'x-oss-security-token': keys.securityToken } : {}),
  }
  const all = [...conditions]
  for (const [k, v] of Object.entries(pinned)) if (k !== opts.skipCondition) all.push({ [k]: v })
  const policy = policyExpiring(opts.expiresInMs ?? 10 * 60 * 1000, all)
  const policyB64 = Buffer.from(JSON.stringify(policy)).toString('base64')
  const client = ossClient(keys, bucket)
  if (opts.region) client.options.region = `oss-${opts.region}`
  const signature = client.signPostObjectPolicyV4(policy, now)
  return [
    ['key', key],
    ['policy', policyB64],
    ...Object.entries(pinned),
    ['x-oss-signature', signature],
    ['success_action_status', '204'],
  ] as Field[]
}

/** Own node:crypto V4 PostObject signature, to cross-check the ali-oss oracle. */
export function ownV4Signature(secret: string, yyyymmdd: string, region: string, policyB64: string): string {
  let k: Buffer = createHmac('sha256', `aliyun_v4${secret}`).update(yyyymmdd).digest()
  for (const part of [region, 'oss', 'aliyun_v4_request']) k = createHmac('sha256', k).update(part).digest()
  return createHmac('sha256', k).update(policyB64).digest('hex')
}

/** V1 signed GET URL for an object (the classic OSS query-string signature). */
export function signedGetUrl(emu: RunningEmulator, keys: Keys, bucket: string, key: string, expiresInS = 300): string {
  const expires = String(Math.floor(Date.now() / 1000) + expiresInS)
  const resource = `/${bucket}/${key}${keys.securityToken ? `?security-token=${keys.securityToken}` : ''}`
  const sig = createHmac('sha1', keys.accessKeySecret).update(`GET\n\n\n${expires}\n${resource}`).digest('base64')
  const q = new URLSearchParams({ OSSAccessKeyId: keys.accessKeyId, Expires: expires, Signature: sig })
  if (keys.securityToken) q.set('security-token', keys.securityToken)
  return `${emu.url}/oss/${bucket}/${key}?${q.toString()}`
}

// ---------- images ----------

/** White background with a red square in the middle. */
export async function pngCard(size = 64, seed = 0): Promise<Buffer> {
  const square = await sharp({ create: { width: size / 2, height: size / 2, channels: 3, background: { r: 200, g: seed % 256, b: 20 } } })
    .png()
    .toBuffer()
  return sharp({ create: { width: size, height: size, channels: 3, background: { r: 255, g: 255, b: 255 } } })
    .composite([{ input: square, left: size / 4, top: size / 4 }])
    .png()
    .toBuffer()
}

export async function jpegCard(seed = 1): Promise<Buffer> {
  return sharp(await pngCard(64, seed))
    .jpeg()
    .toBuffer()
}

/** 24-bit bottom-up BMP: white background, blue centre pixel block. */
export function bmpCard(w = 8, h = 8): Buffer {
  const stride = Math.floor((24 * w + 31) / 32) * 4
  const buf = Buffer.alloc(54 + stride * h)
  buf.write('BM', 0, 'latin1')
  buf.writeUInt32LE(buf.length, 2)
  buf.writeUInt32LE(54, 10)
  buf.writeUInt32LE(40, 14)
  buf.writeInt32LE(w, 18)
  buf.writeInt32LE(h, 22)
  buf.writeUInt16LE(1, 26)
  buf.writeUInt16LE(24, 28)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = 54 + y * stride + x * 3
      const centre = x >= w / 4 && x < (3 * w) / 4 && y >= h / 4 && y < (3 * h) / 4
      buf[i] = centre ? 255 : 255 // B
      buf[i + 1] = centre ? 0 : 255 // G
      buf[i + 2] = centre ? 0 : 255 // R
    }
  }
  return buf
}

export function alipaySign(params: Record<string, string>, privateKeyPem: string): string {
  const content = Object.keys(params)
    .filter((k) => k !== 'sign' && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKeyPem, 'base64')
}
