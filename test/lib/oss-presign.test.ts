import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { ossV4PresignCanonicalRequest, ossV4PresignQuery, ossV4PresignedUrl } from '../../src/lib/signing/oss-presign-v4'
import { seededRandom } from '../support/seeded-random'
import { randomString } from './fuzz-strings'

// The official Node SDK's own V4 steps (ali-oss lib/common/signUtils.js, which its signatureUrlV4
// runs): oracles for ours, a devDependency only.
const signUtils = createRequire(import.meta.url)('ali-oss/lib/common/signUtils.js') as {
  getCanonicalRequest(
    method: string,
    request: { headers: Record<string, string>; queries: Record<string, string> },
    bucket: string,
    object: string,
    additional: string[],
  ): string
  getStringToSign(region: string, date: string, canonicalRequest: string): string
  getSignatureV4(secret: string, date: string, region: string, stringToSign: string): string
}

const BASE = {
  bucket: 'examplebucket',
  key: 'uploads/u1/20261206/card 1.jpg',
  region: 'cn-shanghai',
  accessKeyId: 'STS.example-id',
  accessKeySecret: 'example-secret',
  securityToken: 'token+/=',
  now: Date.UTC(2026, 11, 6, 5, 30, 0),
  expiresSeconds: 600,
}

describe('OSS V4 presigned GET URL', () => {
  it('signs the V4 query fields, the token included, for the date and region of the scope', () => {
    const q = ossV4PresignQuery(BASE)
    expect(q).toMatchObject({
      'x-oss-credential': 'STS.example-id/20261206/cn-shanghai/oss/aliyun_v4_request',
      'x-oss-date': '20261206T053000Z',
      'x-oss-expires': '600',
      'x-oss-signature-version': 'OSS4-HMAC-SHA256',
      'x-oss-security-token': 'token+/=',
    })
    expect(q['x-oss-signature']).toMatch(/^[0-9a-f]{64}$/)
  })

  it('puts /<bucket>/<key> in the canonical URI, encoded with its slashes kept, and UNSIGNED-PAYLOAD last', () => {
    const c = ossV4PresignCanonicalRequest('b', 'a b/银.jpg', { 'x-oss-date': '1' })
    expect(c).toBe('GET\n/b/a%20b/%E9%93%B6.jpg\nx-oss-date=1\n\n\nUNSIGNED-PAYLOAD')
  })

  it('appends the signed query to the object URL of any host: the signature does not depend on it', () => {
    const a = ossV4PresignedUrl('https://img.example.com/uploads/x.jpg', { ...BASE, key: 'uploads/x.jpg' })
    const b = ossV4PresignedUrl('https://examplebucket.oss-cn-shanghai.aliyuncs.com/uploads/x.jpg', { ...BASE, key: 'uploads/x.jpg' })
    expect(a.split('?')[1]).toBe(b.split('?')[1])
    expect(new URL(a).searchParams.get('x-oss-security-token')).toBe('token+/=')
  })

  it('agrees with the official SDK on 500 random keys, secrets and tokens', () => {
    const rand = seededRandom(24)
    for (let i = 0; i < 500; i++) {
      const input = {
        ...BASE,
        key: `k/${randomString(rand, 20) || 'x'}`,
        accessKeySecret: randomString(rand, 24) || 's',
        securityToken: randomString(rand, 30) || undefined,
        now: BASE.now + Math.floor(rand() * 1e10),
      }
      const ours = ossV4PresignQuery(input)
      const { 'x-oss-signature': signature, ...signed } = ours
      const canonical = signUtils.getCanonicalRequest('GET', { headers: {}, queries: signed }, input.bucket, input.key, [])
      expect(ossV4PresignCanonicalRequest(input.bucket, input.key, signed)).toBe(canonical)
      const stringToSign = signUtils.getStringToSign(input.region, signed['x-oss-date'], canonical)
      expect(signature).toBe(signUtils.getSignatureV4(input.accessKeySecret, signed['x-oss-date'].slice(0, 8), input.region, stringToSign))
    }
  })
})
