import { describe, expect, it } from 'vitest'
import {
  acs3Authorization,
  acs3CanonicalRequest,
  acs3StringToSign,
  percentEncode,
  rpcCanonicalQuery,
  rpcSignature,
  rpcStringToSign,
  isoTimestamp,
  ossV4Timestamp,
  ossV4Date,
} from '../../src/lib/signing'
import { acs3Vectors, rpcV1Vectors } from './signing.fixture'

describe('percentEncode (RFC 3986 as Alibaba Cloud signs)', () => {
  it.each([
    [' ', '%20'],
    ['*', '%2A'],
    ['~', '~'],
    ['+', '%2B'],
    ['/', '%2F'],
    ['%', '%25'],
    ["!'()", '%21%27%28%29'],
    ['银行卡', '%E9%93%B6%E8%A1%8C%E5%8D%A1'],
    ['😀', '%F0%9F%98%80'],
    ['AZaz09-_.', 'AZaz09-_.'],
  ])('%j → %s', (input, expected) => {
    expect(percentEncode(input)).toBe(expected)
  })
})

describe.each(rpcV1Vectors)('RPC V1 vector: $name', (v) => {
  it('canonical query', () => expect(rpcCanonicalQuery(v.params)).toBe(v.canonicalQuery))
  it('string to sign', () => expect(rpcStringToSign(v.method, v.params)).toBe(v.stringToSign))
  it('signature', () => expect(rpcSignature(v.stringToSign, v.secret)).toBe(v.signature))
  it('ignores a Signature parameter already present', () => {
    expect(rpcStringToSign(v.method, { ...v.params, Signature: 'x' })).toBe(v.stringToSign)
  })
})

describe.each(acs3Vectors)('ACS3-HMAC-SHA256 vector: $name', (v) => {
  it('canonical request', () => expect(acs3CanonicalRequest(v.request).canonicalRequest).toBe(v.canonicalRequest))
  it('string to sign', () => expect(acs3StringToSign(v.canonicalRequest)).toBe(v.stringToSign))
  it('Authorization header', () => expect(acs3Authorization(v.request, v.accessKeyId, v.secret)).toBe(v.authorization))
})

describe('timestamps', () => {
  const t = Date.UTC(2026, 10, 23, 15, 4, 5, 678)
  it('RPC Timestamp is ISO-8601 UTC without milliseconds', () => expect(isoTimestamp(t)).toBe('2026-11-23T15:04:05Z'))
  it('OSS V4 date forms', () => {
    expect(ossV4Timestamp(t)).toBe('20261123T150405Z')
    expect(ossV4Date(t)).toBe('20261123')
  })
})
