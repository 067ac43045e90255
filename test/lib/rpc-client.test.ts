import OpenApiUtil from '@alicloud/openapi-util'
import { describe, expect, it } from 'vitest'
import { NetworkError, ServiceError } from '../../src/lib'
import { createClock, type Credentials } from '../../src/lib/credentials'
import { createRpcClient } from '../../src/lib/rpc'
import type { HttpRequest } from '../../src/lib/transport'
import { createScriptedTransport } from '../fakes/scripted-transport'
import { RPC_SIGNERS } from '../support/rpc-signers'

const creds = (n: number): Credentials => ({
  accessKeyId: `STS.key${n}`,
  accessKeySecret: `secret${n}`,
  securityToken: `token${n}`,
  expiration: new Date(Date.now() + 3600e3),
})

function setup(signatureVersion: 'v1' | 'v3' = 'v3') {
  const scripted = createScriptedTransport()
  let generation = 0
  let current = creds(0)
  const refreshedWith: Array<Credentials | undefined> = []
  const credentials = Object.assign(async () => current, {
    refresh: async (stale?: Credentials) => {
      refreshedWith.push(stale)
      current = creds(++generation)
      return current
    },
  })
  const sleeps: number[] = []
  let device = Date.UTC(2026, 10, 23, 15, 0, 0)
  const clock = createClock(() => device)
  const client = createRpcClient({
    transport: scripted.transport,
    credentials,
    clock,
    rpcSigner: RPC_SIGNERS[signatureVersion],
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0.5,
  })
  const call = () =>
    client.call({
      endpoint: 'http://127.0.0.1:9100',
      action: 'RecognizeBankCard',
      version: '2019-12-30',
      params: { ImageURL: 'http://x/a b*~.jpg' },
    })
  return { scripted, client, call, sleeps, refreshedWith, clock, advance: (ms: number) => (device += ms) }
}

const ok = { status: 200, body: JSON.stringify({ RequestId: 'r1', Data: { CardNumber: '1' } }) }
const error = (status: number, Code: string, Message = 'm', headers: Record<string, string> = {}) => ({
  status,
  headers,
  body: JSON.stringify({ RequestId: 'rid', Code, Message }),
})

function queryOf(req: HttpRequest): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(req.url.split('?')[1] ?? ''))
}

describe('RPC client: signed requests', () => {
  it('V3: Authorization matches the official signer over what was actually sent', async () => {
    const { scripted, call } = setup('v3')
    const result = call()
    const { req, respond } = await scripted.nextRequest()
    const r = req as HttpRequest
    const headers: Record<string, string> = { ...r.headers!, host: '127.0.0.1:9100' }
    delete headers.authorization
    const expected = OpenApiUtil.getAuthorization(
      { pathname: '/', method: 'POST', query: queryOf(r), headers } as never,
      'ACS3-HMAC-SHA256',
      headers['x-acs-content-sha256'],
      'STS.key0',
      'secret0',
    )
    expect(r.headers!.authorization).toBe(expected)
    // The content-type is chosen and signed by us, so no HTTP client adds an unsigned one.
    expect(r.headers!['content-type']).toBe('application/x-www-form-urlencoded')
    expect(/SignedHeaders=([^,]+)/.exec(r.headers!.authorization)![1].split(';')).toContain('content-type')
    expect(r.headers!['x-acs-security-token']).toBe('token0')
    expect(queryOf(r)).toMatchObject({ ImageURL: 'http://x/a b*~.jpg', RegionId: 'cn-shanghai' })
    expect(r.headers).not.toHaveProperty('host')
    respond(ok)
    expect(await result).toMatchObject({ RequestId: 'r1' })
  })

  it('V1: the form body carries a Signature the official signer agrees with', async () => {
    const { scripted, call } = setup('v1')
    const result = call()
    const { req, respond } = await scripted.nextRequest()
    const params = Object.fromEntries(new URLSearchParams((req as HttpRequest).body))
    const { Signature, ...rest } = params
    expect(Signature).toBe(OpenApiUtil.getRPCSignature(rest, 'POST', 'secret0'))
    expect(rest).toMatchObject({
      SecurityToken: 'token0',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      Format: 'JSON',
      Timestamp: '2026-11-23T15:00:00Z',
    })
    respond(ok)
    await result
  })
})

describe('RPC client: recoveries', () => {
  it('5xx: retries with backoff, a fresh nonce every attempt, then succeeds', async () => {
    const { scripted, call, sleeps } = setup()
    const result = call()
    const nonces: string[] = []
    for (const answer of [error(503, 'ServiceUnavailable'), error(500, 'InternalError'), ok]) {
      const { req, respond } = await scripted.nextRequest()
      nonces.push((req as HttpRequest).headers!['x-acs-signature-nonce'])
      respond(answer)
    }
    await result
    expect(new Set(nonces).size).toBe(3)
    expect(sleeps).toEqual([225, 450])
  })

  it('throttling: gives up after maxAttempts with a typed, retryable error', async () => {
    const { scripted, call, sleeps } = setup()
    const result = call().catch((e) => e)
    for (let i = 0; i < 3; i++)
      (await scripted.nextRequest()).respond(error(400, 'Throttling.User', 'Request was denied due to user flow control.'))
    const err = await result
    expect(err).toBeInstanceOf(ServiceError)
    expect(err.code).toBe('Throttling.User')
    expect(err.retryable).toBe(true)
    expect(sleeps).toHaveLength(2)
  })

  it('expired token: refreshes the credentials once (passing the stale ones) and retries with the new key', async () => {
    const { scripted, call, refreshedWith } = setup()
    const result = call()
    ;(await scripted.nextRequest()).respond(error(400, 'InvalidSecurityToken.Expired', 'Specified SecurityToken is expired.'))
    const { req, respond } = await scripted.nextRequest()
    expect((req as HttpRequest).headers!.authorization).toContain('Credential=STS.key1,')
    respond(ok)
    await result
    expect(refreshedWith.map((c) => c?.accessKeyId)).toEqual(['STS.key0'])
  })

  it('expired token twice: surfaces the error after one refresh', async () => {
    const { scripted, call, refreshedWith } = setup()
    const result = call().catch((e) => e)
    ;(await scripted.nextRequest()).respond(error(400, 'InvalidSecurityToken.Expired'))
    ;(await scripted.nextRequest()).respond(error(400, 'InvalidSecurityToken.Expired'))
    expect((await result).code).toBe('InvalidSecurityToken.Expired')
    expect(refreshedWith).toHaveLength(1)
  })

  it('timestamp refused: learns the server time from Date and re-signs with it', async () => {
    const { scripted, call, clock } = setup()
    const result = call()
    const serverNow = new Date(Date.UTC(2026, 10, 24, 15, 0, 0)) // device is a day behind
    ;(await scripted.nextRequest()).respond(
      error(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.', { date: serverNow.toUTCString() }),
    )
    const { req, respond } = await scripted.nextRequest()
    expect((req as HttpRequest).headers!['x-acs-date']).toBe('2026-11-24T15:00:00Z')
    expect(clock.offsetMs()).toBe(86_400_000)
    respond(ok)
    await result
  })

  it('signature mismatch: no retry, the server string-to-sign is kept for diagnosis', async () => {
    const { scripted, call } = setup()
    const result = call().catch((e) => e)
    ;(await scripted.nextRequest()).respond(
      error(
        400,
        'SignatureDoesNotMatch',
        'Specified signature is not matched with our calculation. server string to sign is:POST&%2F&A%3D1',
      ),
    )
    const err = await result
    expect(err.code).toBe('SignatureDoesNotMatch')
    expect(err.serverStringToSign).toBe('POST&%2F&A%3D1')
    expect(err.retryable).toBe(false)
    expect(err.hint).toMatch(/secret/)
  })

  it('dropped connection: retried; an abort is not', async () => {
    const { scripted, call } = setup()
    const result = call()
    ;(await scripted.nextRequest()).fail(new NetworkError('failed', 'POST', 'http://x'))
    ;(await scripted.nextRequest()).respond(ok)
    await result
    const second = call().catch((e) => e)
    ;(await scripted.nextRequest()).fail(new NetworkError('aborted', 'POST', 'http://x'))
    expect((await second).failure).toBe('aborted')
    expect(scripted.sent).toHaveLength(3)
  })
})
