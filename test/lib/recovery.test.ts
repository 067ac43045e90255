import { describe, expect, it } from 'vitest'
import { CredentialsError, InputError, KitError, NetworkError, PlatformError, ServiceError, type Transport } from '../../src/lib'
import { createClock, type Credentials } from '../../src/lib/credentials'
import { parseOssError } from '../../src/lib/oss'
import { createRpcClient, describeCode } from '../../src/lib/rpc'
import { postToBackend } from '../../src/lib/credentials/backend-call'

// Every error carries one recovery, set where it is parsed; `retryable` is `recovery !== 'none'`.

describe('error family: recovery defaults', () => {
  it('KitError: none by default, else the recovery given; retryable says whether there is one', () => {
    expect([new KitError('X', 'm').recovery, new KitError('X', 'm').retryable]).toEqual(['none', false])
    expect(new KitError('X', 'm', { recovery: 'backoff' }).retryable).toBe(true)
    const e = new KitError('X', 'm', { recovery: 'refresh-credentials' })
    expect([e.recovery, e.retryable]).toEqual(['refresh-credentials', true])
  })

  it('NetworkError: failed and timeout back off, a cancel is never retried', () => {
    expect(new NetworkError('failed', 'GET', 'u').recovery).toBe('backoff')
    expect(new NetworkError('timeout', 'GET', 'u').recovery).toBe('backoff')
    expect(new NetworkError('aborted', 'GET', 'u').recovery).toBe('none')
    expect(new NetworkError('aborted', 'GET', 'u', { recovery: 'backoff' }).recovery).toBe('none')
    expect(new NetworkError('failed', 'GET', 'u', { recovery: 'none' }).recovery).toBe('none')
  })

  it('PlatformError, InputError and CredentialsError: none', () => {
    const platform = new PlatformError({
      platform: 'weapp',
      api: 'uploadFile',
      reason: 'domain-not-allowed',
      detail: 'd',
      message: 'm',
      hint: 'h',
    })
    expect([platform.recovery, platform.retryable]).toEqual(['none', false])
    expect(new InputError('ImageTooLarge', 'm', 'h').recovery).toBe('none')
    expect(new CredentialsError('InvalidStsResponse', 'm').recovery).toBe('none')
  })
})

describe('parseOssError: one recovery per answer', () => {
  const date = 'Mon, 23 Nov 2026 15:00:00 GMT'
  const oss = (status: number, code: string, message = 'm', headers: Record<string, string> = {}) =>
    parseOssError({ status, headers, body: `<Error><Code>${code}</Code><Message>${message}</Message></Error>` })

  it.each([
    [503, 'ServiceUnavailable', 'backoff'],
    [500, 'InternalError', 'backoff'],
    [429, 'TooManyRequests', 'backoff'],
    [503, 'SlowDown', 'backoff'],
    [429, 'QpsLimitExceeded', 'backoff'],
    [403, 'SecurityTokenExpired', 'refresh-credentials'],
    [403, 'InvalidSecurityToken', 'refresh-credentials'],
    // OSS's 403 page: "The OSS access key id and security token you provided does not match";
    // the fix it gives is a fresh set from one AssumeRole answer (docs/platform-contracts.md).
    [403, 'AccessKeyIdAndSecurityTokenNotMatch', 'refresh-credentials'],
    [403, 'InvalidAccessKeyId', 'refresh-credentials'],
    [403, 'AccessDenied', 'refresh-credentials'],
    [403, 'SignatureDoesNotMatch', 'none'],
    [400, 'EntityTooLarge', 'none'],
    [404, 'NoSuchBucket', 'none'],
  ] as const)('%i %s → %s', (status, code, recovery) => {
    const err = oss(status, code)
    expect(err.recovery).toBe(recovery)
    expect(err.retryable).toBe(recovery !== 'none')
  })

  it('a clock OSS refuses is resynced when the answer carries its Date, and only then', () => {
    expect(oss(403, 'RequestTimeTooSkewed', 'm', { date }).recovery).toBe('resync-clock')
    expect(oss(403, 'RequestTimeTooSkewed').recovery).toBe('none')
    expect(oss(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.', { date }).recovery).toBe('resync-clock')
    // Without a Date an expired policy is still replaced by new credentials, as before.
    expect(oss(403, 'AccessDenied', 'Invalid according to Policy: Policy expired.').recovery).toBe('refresh-credentials')
  })

  it('the credential codes OSS documents all carry a hint', () => {
    for (const code of ['SecurityTokenExpired', 'InvalidSecurityToken', 'InvalidAccessKeyId', 'AccessKeyIdAndSecurityTokenNotMatch']) {
      expect(oss(403, code).hint, code).not.toBe('')
    }
  })
})

describe('RPC errors: the client’s recovery reaches the error it throws', () => {
  const creds: Credentials = { accessKeyId: 'STS.k', accessKeySecret: 's', securityToken: 't', expiration: new Date(Date.now() + 3600e3) }
  async function failWith(status: number, Code: string, headers: Record<string, string> = {}) {
    const transport: Transport = {
      platform: 'test',
      request: async () => ({ status, headers, body: JSON.stringify({ Code, Message: 'm', RequestId: 'r' }) }),
      uploadFile: async () => ({ status: 500, headers: {}, body: '' }),
    }
    const client = createRpcClient({
      transport,
      credentials: Object.assign(async () => creds, { refresh: async () => creds }),
      clock: createClock(),
      sleep: async () => {},
    })
    return (await client
      .call({ endpoint: 'http://127.0.0.1:1', action: 'RecognizeBankCard', version: '2019-12-30', params: {} })
      .catch((e) => e)) as ServiceError
  }

  it.each([
    [400, 'InvalidSecurityToken.Expired', 'refresh-credentials'],
    [404, 'InvalidAccessKeyId.NotFound', 'refresh-credentials'],
    [400, 'Throttling.User', 'backoff'],
    [503, 'ServiceUnavailable', 'backoff'],
    [429, 'TooManyRequests', 'backoff'],
    [400, 'InvalidImage.Format', 'none'],
    [400, 'SignatureDoesNotMatch', 'none'],
  ] as const)('%i %s → %s', async (status, code, recovery) => {
    const err = await failWith(status, code)
    expect(err).toBeInstanceOf(ServiceError)
    expect(err.recovery).toBe(recovery)
  })

  it('MissingSecurityToken (an STS key sent without its token) has a hint and is not retried', async () => {
    expect(describeCode('MissingSecurityToken', 400).hint).not.toBe('')
    expect((await failWith(400, 'MissingSecurityToken')).recovery).toBe('none')
  })

  it('InvalidTimeStamp.Expired is resync-clock with the server Date on the error; without a Date, none', async () => {
    const date = 'Tue, 24 Nov 2026 15:00:00 GMT'
    const withDate = await failWith(400, 'InvalidTimeStamp.Expired', { date })
    expect(withDate.recovery).toBe('resync-clock')
    expect(withDate.serverDate).toEqual(new Date(date))
    expect((await failWith(400, 'InvalidTimeStamp.Expired')).recovery).toBe('none')
  })
})

describe('backend answers (credentials, policies)', () => {
  const answer = (status: number): Promise<ServiceError> =>
    postToBackend({
      transport: {
        platform: 'test',
        request: async () => ({ status, headers: {}, body: '{"code":"C","message":"m"}' }),
        uploadFile: async () => ({ status: 500, headers: {}, body: '' }),
      },
      url: 'http://127.0.0.1:1/api/sts',
      token: 't',
      body: {},
      failedHint: 'failed',
      refusedHint: 'refused',
    }).then(
      () => {
        throw new Error(`${status} was accepted`)
      },
      (e: ServiceError) => e,
    )

  it.each([
    [502, 'backoff'],
    [429, 'backoff'],
    [400, 'none'],
    [403, 'none'],
  ] as const)('%i → %s', async (status, recovery) => {
    expect((await answer(status)).recovery).toBe(recovery)
  })
})
