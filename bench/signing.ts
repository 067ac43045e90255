import OpenApiUtil from '@alicloud/openapi-util'
import { acs3Authorization, rpcSignature, rpcStringToSign, sha256Hex } from '../src/lib/signing'
import { fmt, type Row } from './types'

/** Calls `fn` for about `ms` (after a warm-up) and returns operations per second. */
function opsPerSecond(fn: () => void, ms = 700): number {
  for (let i = 0; i < 300; i++) fn()
  let n = 0
  const start = performance.now()
  let now = start
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn()
    n += 100
    now = performance.now()
  }
  return n / ((now - start) / 1000)
}

const secret = 'bench-secret-0123456789abcdef'
const params: Record<string, string> = {
  Action: 'RecognizeBankCard',
  Version: '2019-12-30',
  Format: 'JSON',
  AccessKeyId: 'STS.NUbench',
  SignatureMethod: 'HMAC-SHA1',
  SignatureVersion: '1.0',
  SignatureNonce: '3f1c0a2e-bench',
  Timestamp: '2026-11-23T15:04:05Z',
  SecurityToken: 'CAIS' + 'x'.repeat(400),
  ImageURL: 'https://viapi-kit-dev.oss-cn-shanghai.aliyuncs.com/uploads/h5_abc/20261123/photo.jpg',
}
const payload = sha256Hex('')
const headers: Record<string, string> = {
  host: 'ocr.cn-shanghai.aliyuncs.com',
  'x-acs-action': 'RecognizeBankCard',
  'x-acs-version': '2019-12-30',
  'x-acs-date': '2026-11-23T15:04:05Z',
  'x-acs-signature-nonce': '3f1c0a2e-bench',
  'x-acs-content-sha256': payload,
  'x-acs-security-token': 'CAIS' + 'x'.repeat(400),
}
const query = { ImageURL: params.ImageURL }

/** Our pure-JS (crypto-js) signers against the official Node SDK signers (native node:crypto). */
export function signingSpeed(): Row[] {
  const cases: Array<[string, () => void, () => void]> = [
    [
      'RPC V1 HMAC-SHA1 signature',
      () => rpcSignature(rpcStringToSign('POST', params), secret),
      () => OpenApiUtil.getRPCSignature(params, 'POST', secret),
    ],
    [
      'ACS3-HMAC-SHA256 Authorization',
      () => acs3Authorization({ method: 'POST', path: '/', query, headers, hashedPayload: payload }, 'STS.NUbench', secret),
      () =>
        OpenApiUtil.getAuthorization(
          { pathname: '/', method: 'POST', query, headers } as never,
          'ACS3-HMAC-SHA256',
          payload,
          'STS.NUbench',
          secret,
        ),
    ],
  ]
  return cases.map(([name, ours, theirs]) => {
    const a = opsPerSecond(ours)
    const b = opsPerSecond(theirs)
    return {
      section: 'Signing',
      metric: `${name} (ops/s; µs per signature)`,
      baseline: `${fmt.int(b)} ops/s (@alicloud/openapi-util, node:crypto)`,
      ours: `${fmt.int(a)} ops/s (${(1e6 / a).toFixed(0)} µs)`,
      ratio: a >= b ? `${(a / b).toFixed(2)}× as fast` : `${(a / b).toFixed(2)}× the speed`,
    }
  })
}
