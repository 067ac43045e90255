import OpenApiUtil from '@alicloud/openapi-util'
import OSS from 'ali-oss'
import { describe, expect, it } from 'vitest'
import {
  acs3Authorization,
  ossPolicySignatureV1,
  ossPolicySignatureV4,
  encodePostPolicy,
  rpcSignature,
  rpcStringToSign,
  sha256Hex,
} from '../../src/lib/signing'
import { seededRandom } from '../support/seeded-random'
import { randomParams, randomString } from './fuzz-strings'

/**
 * Our crypto-js signers against the official Node signers on thousands of random inputs. The
 * official ones are devDependencies only: they are oracles here and never reach a bundle.
 */
const CASES = 2000

describe('RPC V1 signature vs @alicloud/openapi-util getRPCSignature', () => {
  it(`agrees on ${CASES} random parameter sets`, () => {
    const rand = seededRandom(1)
    for (let i = 0; i < CASES; i++) {
      const params = randomParams(rand)
      const secret = randomString(rand, 20) || 's'
      const method = rand() < 0.5 ? 'GET' : 'POST'
      const ours = rpcSignature(rpcStringToSign(method, params), secret)
      const theirs = OpenApiUtil.getRPCSignature(params, method, secret)
      if (ours !== theirs) expect({ params, secret, method, ours }).toEqual({ params, secret, method, ours: theirs })
    }
  })
})

describe('ACS3-HMAC-SHA256 vs @alicloud/openapi-util getAuthorization', () => {
  it(`agrees on ${CASES} random requests`, () => {
    const rand = seededRandom(2)
    for (let i = 0; i < CASES; i++) {
      // The SDK encodes query values but not names (real names are ASCII words), so names stay plain here.
      const query: Record<string, string> = {}
      for (const [k, v] of Object.entries(randomParams(rand))) query[`P${k.replace(/[^A-Za-z0-9]/g, '')}`] = v
      const body = randomString(rand, 30)
      const payload = sha256Hex(body)
      const headers: Record<string, string> = {
        host: 'ocr.cn-shanghai.aliyuncs.com',
        'x-acs-action': 'RecognizeBankCard',
        'x-acs-version': '2019-12-30',
        'x-acs-date': '2026-11-23T15:04:05Z',
        'x-acs-signature-nonce': randomString(rand, 10).replace(/\s/g, '') || 'n',
        'x-acs-content-sha256': payload,
      }
      if (rand() < 0.5) headers['x-acs-security-token'] = randomString(rand, 20).trim() || 't'
      const secret = randomString(rand, 20) || 's'
      const ours = acs3Authorization({ method: 'POST', path: '/', query, headers, hashedPayload: payload }, 'AK', secret)
      const theirs = OpenApiUtil.getAuthorization(
        { pathname: '/', method: 'POST', query, headers } as never,
        'ACS3-HMAC-SHA256',
        payload,
        'AK',
        secret,
      )
      if (ours !== theirs) expect({ query, headers, secret, ours }).toEqual({ query, headers, secret, ours: theirs })
    }
  })
})

// ali-oss trims the secret it is given; real secrets never have surrounding whitespace.
const ossSecret = (rand: () => number) => randomString(rand, 20).trim() || 's'

describe('OSS PostObject policy signatures vs ali-oss', () => {
  it(`V1 calculatePostSignature agrees on ${CASES / 4} random policies`, () => {
    const rand = seededRandom(3)
    for (let i = 0; i < CASES / 4; i++) {
      const secret = ossSecret(rand)
      const client = new OSS({ accessKeyId: 'AK', accessKeySecret: secret, region: 'oss-cn-shanghai', bucket: 'viapi-kit-dev' })
      const policy = {
        expiration: '2026-11-23T16:00:00.000Z',
        conditions: [['starts-with', '$key', randomString(rand, 20)], { bucket: 'b' }],
      }
      const theirs = client.calculatePostSignature(policy) as { policy: string; Signature: string }
      const ours = encodePostPolicy(policy as never)
      expect(ours).toBe(theirs.policy)
      expect(ossPolicySignatureV1(ours, secret)).toBe(theirs.Signature)
    }
  })

  it(`V4 signPostObjectPolicyV4 agrees on ${CASES / 4} random policies and dates`, () => {
    const rand = seededRandom(4)
    for (let i = 0; i < CASES / 4; i++) {
      const secret = ossSecret(rand)
      const client = new OSS({ accessKeyId: 'AK', accessKeySecret: secret, region: 'oss-cn-shanghai', bucket: 'viapi-kit-dev' })
      const date = new Date(Date.UTC(2020, 0, 1) + Math.floor(rand() * 3e11))
      const day = date.toISOString().slice(0, 10).replace(/-/g, '')
      const policy = { expiration: date.toISOString(), conditions: [['eq', '$key', randomString(rand, 20)], { 'x-oss-date': day }] }
      const theirs = (client as unknown as { signPostObjectPolicyV4(p: object, d: Date): string }).signPostObjectPolicyV4(policy, date)
      expect(ossPolicySignatureV4(encodePostPolicy(policy as never), secret, day, 'cn-shanghai')).toBe(theirs)
    }
  })
})
