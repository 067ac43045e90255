import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFetchTransport, fromBackendPolicies, ServiceError, recognizeBankCardOperation } from '../../src/lib'
import { startStack, type Stack } from '../../scripts/stack'
import { makeCardPhoto } from '../support/images'
import { kitFor, newSession } from './helpers'

let stack: Stack
let photo: Buffer

beforeAll(async () => {
  stack = await startStack({ emulatorPort: 0, backendPort: 0, env: {} })
  photo = await makeCardPhoto()
})
afterAll(() => stack?.close())

describe('uploads in both modes, end to end', () => {
  it.each([false, true])('serverSigned=%s: upload + RecognizeBankCard give the same card', async (serverSigned) => {
    const kit = kitFor(stack, `mode-${serverSigned}`, { serverSigned })
    const r = await kit.recognize(recognizeBankCardOperation, {
      path: new Uint8Array(photo),
      contentType: 'image/jpeg',
      size: photo.length,
    })
    expect(r.cardNumber).toMatch(/^\d{16,19}$/)
    expect(r.object!.key).toMatch(/^uploads\/h5_[^/]+\/\d{8}\/.+\.jpg$/)
    expect(r.object!.url).toBe(`${stack.emulatorUrl}/oss/viapi-kit-dev/${r.object!.key}`)
  })

  it('the server-signed form is V4 with the STS token, pinned to one key, the type and the declared size; no secret', async () => {
    const { token } = await newSession(stack, 'form-check')
    const res = await fetch(`${stack.backendUrl}/api/oss-policy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contentType: 'image/png', size: 1234 }),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { key: string; formData: Record<string, string>; expiration: string }
    const policy = JSON.parse(Buffer.from(body.formData.policy, 'base64').toString('utf8')) as { expiration: string; conditions: unknown[] }
    expect(body.formData['x-oss-signature-version']).toBe('OSS4-HMAC-SHA256')
    expect(body.formData['x-oss-security-token']).toMatch(/^CAIS/)
    expect(policy.conditions).toContainEqual(['eq', '$key', body.key])
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 1234])
    expect(policy.conditions).toContainEqual(['eq', '$content-type', 'image/png'])
    expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(120_000)
    expect(JSON.stringify(body)).not.toMatch(/accessKeySecret/i)
  })

  it('a larger file than declared is refused by OSS (content-length-range)', async () => {
    const transport = createFetchTransport()
    const policies = fromBackendPolicies({
      transport,
      backendUrl: stack.backendUrl,
      getSessionToken: async () => (await newSession(stack, 'liar')).token,
    })
    const form = await policies({ contentType: 'image/jpeg', size: 10 })
    const res = await transport.uploadFile({
      url: form.host,
      filePath: new Uint8Array(photo),
      fileContentType: 'image/jpeg',
      formData: form.formData,
    })
    expect(res.status).toBe(400)
    expect(res.body).toMatch(/EntityTooLarge/)
  })

  it('requires a session, and refuses a non-image type', async () => {
    const anon = await fetch(`${stack.backendUrl}/api/oss-policy`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"contentType":"image/jpeg"}',
    })
    expect(anon.status).toBe(401)
    const { token } = await newSession(stack, 'svg')
    const svg = await fetch(`${stack.backendUrl}/api/oss-policy`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"contentType":"image/svg+xml"}',
    })
    expect(svg.status).toBe(400)
  })

  it('an oversize declared image is refused by the backend before signing', async () => {
    const policies = fromBackendPolicies({
      transport: createFetchTransport(),
      backendUrl: stack.backendUrl,
      getSessionToken: async () => (await newSession(stack, 'big')).token,
    })
    const err = await policies({ contentType: 'image/jpeg', size: 50 * 1024 * 1024 }).catch((e) => e)
    expect(err).toBeInstanceOf(ServiceError)
    expect(err.code).toBe('ImageTooLarge')
  })
})
