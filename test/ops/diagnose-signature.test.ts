import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchTransport } from '../../src/lib'
import { createClock } from '../../src/lib/credentials'
import { createRpcClient, diagnoseSignatures, diagnoseSignatureMismatch, SignatureMismatchError } from '../../src/lib/rpc'
import { percentEncode, rpcSignature, rpcStringToSign } from '../../src/lib/signing'
import { startStack, type Stack } from '../../scripts/stack'
import { DEV_ROOT_ACCESS_KEY_ID, DEV_ROOT_ACCESS_KEY_SECRET } from '../../emulator'
import { RPC_SIGNERS } from '../support/rpc-signers'

const base = {
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  Format: 'JSON',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: 'n-1',
  SignatureVersion: '1.0',
  Timestamp: '2026-01-01T00:00:00Z',
  Version: '2014-05-26',
}

describe('diagnoseSignatureMismatch known answers', () => {
  it('identical strings: the key is wrong (V1 secret without "&" when the hint says so)', () => {
    const sts = rpcStringToSign('POST', base)
    const d = diagnoseSignatureMismatch({ ours: sts, theirs: sts, secretHint: { appendedAmpersand: false } })
    expect(d).toMatchObject({ version: 'v1', identical: true, differences: [] })
    expect(d.cause).toMatch(/"&" was not appended/)
  })

  it('a space encoded as "+": names the parameter, the character and both values', () => {
    const theirs = rpcStringToSign('POST', { ...base, Name: 'a b' })
    // What a signer using application/x-www-form-urlencoded rules would have built.
    const ours = theirs.replace(percentEncode('a%20b'), percentEncode('a+b'))
    const d = diagnoseSignatureMismatch({ ours, theirs })
    expect(d.differences[0]).toEqual({ kind: 'encoding', parameter: 'Name', index: 1, ours: 'a+b', theirs: 'a%20b' })
    expect(d.cause).toBe('parameter Name is encoded differently at character 1: a space was encoded as "+" (RFC 3986 wants "%20")')
  })

  it.each([
    ['*', 'a*b', 'a%2Ab', /"\*" was left unencoded/],
    ['~', 'a%7Eb', 'a~b', /"~" was encoded as "%7E"/],
  ])('%s encoded wrongly', (_c, oursValue, theirsValue, cause) => {
    const theirs = rpcStringToSign('POST', { ...base, Name: 'x' }).replace(percentEncode('Name=x'), percentEncode(`Name=${theirsValue}`))
    const ours = theirs.replace(percentEncode(`Name=${theirsValue}`), percentEncode(`Name=${oursValue}`))
    expect(diagnoseSignatureMismatch({ ours, theirs }).cause).toMatch(cause)
  })

  it('a parameter added after signing', () => {
    const d = diagnoseSignatureMismatch({
      ours: rpcStringToSign('POST', base),
      theirs: rpcStringToSign('POST', { ...base, RegionId: 'cn-shanghai' }),
    })
    expect(d.differences).toEqual([{ kind: 'added-after-signing', parameter: 'RegionId', theirs: 'cn-shanghai' }])
    expect(d.cause).toMatch(/RegionId was added after signing/)
  })

  it('a Timestamp changed by minutes', () => {
    const d = diagnoseSignatureMismatch({
      ours: rpcStringToSign('POST', base),
      theirs: rpcStringToSign('POST', { ...base, Timestamp: '2026-01-01T00:07:00Z' }),
    })
    expect(d.differences[0]).toMatchObject({ kind: 'value', parameter: 'Timestamp' })
    expect(d.cause).toBe(
      'the Timestamp changed after signing (7 min apart): a clock corrected mid-request, or a retry that reused an old signature',
    )
  })

  it('a method mismatch, and V3 (hash only)', () => {
    expect(diagnoseSignatureMismatch({ ours: rpcStringToSign('GET', base), theirs: rpcStringToSign('POST', base) }).differences[0]).toEqual(
      { kind: 'method', ours: 'GET', theirs: 'POST' },
    )
    const v3 = diagnoseSignatureMismatch({ ours: 'ACS3-HMAC-SHA256\naaa', theirs: 'ACS3-HMAC-SHA256\nbbb' })
    expect(v3.version).toBe('v3')
    expect(v3.differences[0].kind).toBe('hash')
  })
  it('strings that are not V1: names the position, not an undefined parameter', () => {
    const d = diagnoseSignatureMismatch({ ours: 'abcXdef', theirs: 'abcYdef' })
    expect(d.version).toBe('unknown')
    expect(d.cause).toBe('the string to sign differs from character 3: ours "Xdef", theirs "Ydef" (changed after signing?)')
  })
})

describe('real mismatches against the emulator', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack({ emulatorPort: 0, backendPort: 0, env: {} })
  })
  afterAll(() => stack?.close())

  function clientWith(secret: string, signatureVersion: 'v1' | 'v3') {
    const creds = {
      accessKeyId: DEV_ROOT_ACCESS_KEY_ID,
      accessKeySecret: secret,
      securityToken: '',
      expiration: new Date(Date.now() + 3600_000),
    }
    const credentials = Object.assign(async () => creds, { refresh: async () => creds })
    return createRpcClient({
      transport: createFetchTransport(),
      credentials,
      clock: createClock(),
      rpcSigner: RPC_SIGNERS[signatureVersion],
      explainError: diagnoseSignatures,
    })
  }

  it.each(['v1', 'v3'] as const)(
    'a wrong secret (%s): the RPC client throws SignatureMismatchError saying the key is wrong',
    async (version) => {
      const err = await clientWith('not-the-secret', version)
        .call({
          endpoint: stack.emulatorUrl!,
          action: 'TextModerationPlus',
          version: '2022-03-02',
          params: { Service: 'chat_detection_pro', ServiceParameters: '{"content":"hi"}' },
        })
        .catch((e) => e)
      expect(err).toBeInstanceOf(SignatureMismatchError)
      expect(err.code).toBe('SignatureDoesNotMatch')
      expect(err.diagnosis).toMatchObject({ version, identical: true })
      expect(err.diagnosis.cause).toMatch(/key is wrong/)
      expect(err.hint).toMatch(/Diagnosis:/)
    },
  )

  it('a request signed with "+" for spaces: the diagnosis names the parameter and the rule', async () => {
    const params: Record<string, string> = {
      ...base,
      AccessKeyId: DEV_ROOT_ACCESS_KEY_ID,
      Action: 'TextModerationPlus',
      Version: '2022-03-02',
      Service: 'chat_detection_pro',
      ServiceParameters: '{"content":"hello world"}',
      SignatureNonce: `n-${Date.now()}`,
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    }
    const correct = rpcStringToSign('POST', params)
    // The bug: form-style encoding while signing (space → "+"); the body itself is sent correctly.
    const ours = correct.replace(
      percentEncode(percentEncode(params.ServiceParameters)),
      percentEncode(percentEncode(params.ServiceParameters).replace(/%20/g, '+')),
    )
    expect(ours).not.toBe(correct)
    const body = Object.entries({ ...params, Signature: rpcSignature(ours, DEV_ROOT_ACCESS_KEY_SECRET) })
      .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
      .join('&')
    const res = await fetch(`${stack.emulatorUrl}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect(res.status).toBe(400)
    const json = (await res.json()) as { Code: string; Message: string }
    expect(json.Code).toBe('SignatureDoesNotMatch')
    const theirs = /server string to sign is:(\S+)/.exec(json.Message)![1]
    const d = diagnoseSignatureMismatch({ ours, theirs })
    expect(d.differences).toHaveLength(1)
    expect(d.differences[0]).toMatchObject({ kind: 'encoding', parameter: 'ServiceParameters' })
    expect(d.cause).toMatch(/a space was encoded as "\+"/)
  })
})
