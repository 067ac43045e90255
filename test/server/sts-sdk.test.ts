import { afterEach, describe, expect, it } from 'vitest'
import { createSdkStsClient, mapStsError } from '../../server/sts'
import type { AssumeRoleInput } from '../../server/sts'
import { startFixture } from './http-fixture'

// The real official SDK (@alicloud/sts20150401) against a local HTTP server: proves the endpoint,
// protocol, credentials and parameters we configure actually reach the wire.

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()))
})

const input: AssumeRoleInput = {
  roleArn: 'acs:ram::1234567890123456:role/viapi-kit-uploader',
  roleSessionName: 'wx_alice',
  durationSeconds: 900,
  policy: '{"Version":"1","Statement":[]}',
}

/** Every parameter the SDK sent, from the query string and/or the form body. */
function sentParams(r: { query: URLSearchParams; body: string }): Record<string, string> {
  return { ...Object.fromEntries(r.query), ...Object.fromEntries(new URLSearchParams(r.body)) }
}

describe('createSdkStsClient (official SDK over HTTP)', () => {
  it('sends a signed AssumeRole with our parameters and explicit key, parses Credentials', async () => {
    const f = await startFixture(() => ({
      json: {
        RequestId: 'req-1',
        AssumedRoleUser: { Arn: 'x', AssumedRoleId: 'y' },
        Credentials: { AccessKeyId: 'STS.abc', AccessKeySecret: 'sec', SecurityToken: 'tok', Expiration: '2026-11-23T16:00:00Z' },
      },
    }))
    closers.push(f.close)
    const client = createSdkStsClient({
      endpoint: f.url,
      regionId: 'cn-shanghai',
      accessKeyId: 'emulator-root-id',
      accessKeySecret: 'emulator-root-secret',
    })
    const creds = await client.assumeRole(input)
    expect(creds).toEqual({
      accessKeyId: 'STS.abc',
      accessKeySecret: 'sec',
      securityToken: 'tok',
      expiration: new Date('2026-11-23T16:00:00Z'),
    })
    expect(f.requests).toHaveLength(1)
    const r = f.requests[0]
    expect([r.method, r.path]).toEqual(['POST', '/'])
    expect(r.headers['x-acs-action']).toBe('AssumeRole')
    expect(r.headers['x-acs-version']).toBe('2015-04-01')
    expect(r.headers.host).toBe(new URL(f.url).host)
    expect(String(r.headers.authorization)).toMatch(
      /^ACS3-HMAC-SHA256 Credential=emulator-root-id,SignedHeaders=.*,Signature=[0-9a-f]{64}$/,
    )
    // The secret itself never travels.
    expect(JSON.stringify(r.headers) + r.body + r.query.toString()).not.toContain('emulator-root-secret')
    expect(sentParams(r)).toMatchObject({
      RoleArn: input.roleArn,
      RoleSessionName: 'wx_alice',
      DurationSeconds: '900',
      Policy: input.policy,
    })
  })

  it('STS 4xx → StsRejected, 5xx → StsUnavailable, connection refused → StsUnavailable', async () => {
    const answers = [
      { status: 403, json: { Code: 'NoPermission', Message: 'You are not authorized, AccessKeyId emulator-root-id', RequestId: 'r' } },
      { status: 503, json: { Code: 'ServiceUnavailable', Message: 'busy', RequestId: 'r' } },
      { status: 400, json: { Code: 'Throttling.User', Message: 'slow down', RequestId: 'r' } },
    ]
    const f = await startFixture(() => answers.shift() ?? { status: 500 })
    closers.push(f.close)
    const client = createSdkStsClient({ endpoint: f.url, regionId: 'cn-shanghai', accessKeyId: 'id', accessKeySecret: 'secret' })
    const codes: string[] = []
    for (let i = 0; i < 3; i++) {
      const err = await client.assumeRole(input).then(
        () => null,
        (e: unknown) => e,
      )
      expect(err).not.toBeNull()
      const mapped = mapStsError(err)
      expect(mapped.statusCode).toBe(502)
      expect(mapped.message).not.toContain('emulator-root-id')
      codes.push(mapped.code)
    }
    expect(codes).toEqual(['StsRejected', 'StsUnavailable', 'StsThrottled'])
    const dead = createSdkStsClient({
      endpoint: 'http://127.0.0.1:9',
      regionId: 'cn-shanghai',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
    })
    const err = await dead.assumeRole(input).then(
      () => null,
      (e: unknown) => e,
    )
    expect(mapStsError(err).code).toBe('StsUnavailable')
  })

  it('an answer without Credentials is an error, not undefined credentials', async () => {
    const f = await startFixture(() => ({ json: { RequestId: 'r' } }))
    closers.push(f.close)
    const client = createSdkStsClient({ endpoint: f.url, regionId: 'cn-shanghai', accessKeyId: 'id', accessKeySecret: 'secret' })
    await expect(client.assumeRole(input)).rejects.toThrow(/without complete Credentials/)
  })
})
