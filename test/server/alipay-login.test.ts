// Alipay login through the official alipay-sdk: the real backend route against the emulator's
// gateway (which signs its answers the way Alipay does), a proxy that alters one field of the answer,
// certificate mode against a fixture gateway, and the ALIPAY_* configuration rules.
import { generateKeyPairSync } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator } from '../../emulator'
import type { RunningEmulator } from '../../emulator'
import { buildServer } from '../../server/app'
import { ConfigError, loadConfig } from '../../server/config'
import { createAlipayVerifier } from '../../server/login/alipay'
import { ALIPAY_SIGNATURE_INVALID } from '../../server/login/alipay-failure'
import { LoginError } from '../../server/login/types'
import { alipayAnswer } from './alipay-answer'
import { certSn, makeAlipayCerts, rootCertSn } from './alipay-certs.fixture'
import { startFixture } from './http-fixture'

let emu: RunningEmulator
const closers: Array<() => Promise<unknown>> = []
beforeAll(async () => {
  emu = await startEmulator({ port: 0, quiet: true })
})
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()))
})
afterAll(async () => {
  await emu?.close()
})

/** The real backend wired to the emulator; `logs` collects its log lines. */
async function backend(env: Record<string, string>) {
  const logs: string[] = []
  const app = buildServer(
    loadConfig({
      LOG_LEVEL: 'info',
      EMULATOR_URL: emu.url,
      ALIPAY_PRIVATE_KEY: emu.alipay.appPrivateKeyPem!,
      ...env,
    }),
    { logStream: { write: (l: string) => void logs.push(l) } },
  )
  await app.ready()
  closers.push(() => app.close())
  const login = (user = 'alice') =>
    app.inject({ method: 'POST', url: '/api/login', payload: { platform: 'alipay', code: emu.mintLoginCode('alipay', user) } })
  return { app, logs, login }
}

/** A proxy in front of the emulator's gateway that rewrites its answers. */
async function alteringProxy(alter: (body: string) => string): Promise<string> {
  const relay = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const upstream = await fetch(`${emu.url}${req.url ?? '/'}`, {
      method: req.method,
      headers: { 'content-type': String(req.headers['content-type'] ?? '') },
      body: Buffer.concat(chunks),
    })
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' })
    res.end(alter(await upstream.text()))
  }
  // A failed relay answers 502, so the route under test sees a gateway error, not a hung request.
  const server = createServer((req, res) => {
    relay(req, res).catch(() => res.writeHead(502).end())
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  closers.push(
    () =>
      new Promise((r) => {
        server.closeAllConnections()
        server.close(r)
      }),
  )
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway.do`
}

describe('Alipay login route → alipay-sdk → emulator gateway', () => {
  it('public-key mode (ALIPAY_PUBLIC_KEY as PEM or bare base64): the verified answer logs the user in', async () => {
    const bare = emu.alipay.alipayPublicKeyPem.replace(/-----[^-]+-----|\s/g, '')
    for (const key of [emu.alipay.alipayPublicKeyPem.replace(/\n/g, '\\n'), bare]) {
      const { login } = await backend({ ALIPAY_PUBLIC_KEY: key })
      const res = await login()
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json().userId).toMatch(/^ali[_-]/)
    }
  })

  it("emulator mode without ALIPAY_PUBLIC_KEY verifies with the emulator's key from /__admin/info", async () => {
    const { login } = await backend({})
    const a = await login('bob')
    const b = await login('bob')
    expect([a.statusCode, b.statusCode]).toEqual([200, 200])
    expect(a.json().userId).toBe(b.json().userId)
  })

  it('a bad code comes back as a signed error_response → 401 InvalidCode', async () => {
    const { app } = await backend({ ALIPAY_PUBLIC_KEY: emu.alipay.alipayPublicKeyPem })
    const res = await app.inject({ method: 'POST', url: '/api/login', payload: { platform: 'alipay', code: 'not-a-real-code' } })
    expect(res.statusCode).toBe(401)
    expect(res.json().code).toBe('InvalidCode')
  })

  it('an answer altered on the way (one character of open_id) is refused: 502, logged as response-signature-invalid, no token in the logs', async () => {
    const gateway = await alteringProxy((body) => body.replace(/"open_id":"(.)/, (_, c: string) => `"open_id":"${c === 'A' ? 'B' : 'A'}`))
    const { login, logs } = await backend({ ALIPAY_PUBLIC_KEY: emu.alipay.alipayPublicKeyPem, ALIPAY_GATEWAY: gateway })
    const res = await login()
    expect(res.statusCode).toBe(502)
    expect(res.json().code).toBe('LoginProviderRejected')
    const line = logs.find((l) => l.includes('login rejected'))
    expect(line).toContain(ALIPAY_SIGNATURE_INVALID)
    expect(logs.join('\n')).not.toMatch(/authusrB|access_token|BEGIN/)
  })

  it('the same proxy passing answers through untouched still logs in (the check is on the content, not the route)', async () => {
    const gateway = await alteringProxy((body) => body)
    const { login } = await backend({ ALIPAY_PUBLIC_KEY: emu.alipay.alipayPublicKeyPem, ALIPAY_GATEWAY: gateway })
    expect((await login()).statusCode).toBe(200)
  })

  it("a wrong Alipay public key (e.g. the app's own) refuses every answer", async () => {
    const wrong = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString()
    const { login, logs } = await backend({ ALIPAY_PUBLIC_KEY: wrong })
    const res = await login()
    expect(res.statusCode).toBe(502)
    expect(logs.find((l) => l.includes('login rejected'))).toContain(ALIPAY_SIGNATURE_INVALID)
  })
})

// openssl comes with the suite's prerequisites (scripts/test-prerequisites.mjs): never skipped.
describe('certificate mode (certificates made with openssl)', () => {
  const app = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const appPem = app.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const certs = makeAlipayCerts(appPem)

  it("sends app_cert_sn and alipay_root_cert_sn as Alipay computes them, verifies an answer signed by the Alipay certificate's key", async () => {
    const alipayCertSn = certSn(certs.alipayCertPem)
    const answers = [
      alipayAnswer(
        'alipay_system_oauth_token_response',
        { open_id: 'cert-mode-user', access_token: 'AT' },
        certs.alipayPrivateKey,
        alipayCertSn,
      ),
      alipayAnswer(
        'alipay_system_oauth_token_response',
        { open_id: 'cert-mode-user' },
        generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
        alipayCertSn,
      ),
    ]
    const f = await startFixture(() => ({ text: answers.shift() }))
    closers.push(f.close)
    const config = loadConfig({
      ALIPAY_PRIVATE_KEY: appPem,
      ALIPAY_GATEWAY: `${f.url}/gateway.do`,
      ALIPAY_APP_CERT: certs.appCertPem.replace(/\n/g, '\\n'),
      ALIPAY_PUBLIC_CERT: certs.alipayCertPem,
      ALIPAY_ROOT_CERT: certs.rootPem,
    })
    expect(config.login.alipay?.verification.mode).toBe('cert')
    const v = createAlipayVerifier(config.login.alipay!)
    expect(await v.verify('code')).toEqual({ providerUserId: 'cert-mode-user' })
    const q = f.requests[0].query
    expect(q.get('app_cert_sn')).toBe(certSn(certs.appCertPem))
    // Two roots in the file, only the RSA one counts: one SN, no "_".
    expect(q.get('alipay_root_cert_sn')).toBe(rootCertSn(certs.rootPem))
    expect(q.get('alipay_root_cert_sn')).toMatch(/^[0-9a-f]{32}$/)
    const refused = await v.verify('code').catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(LoginError)
    expect((refused as LoginError).providerCode).toBe(ALIPAY_SIGNATURE_INVALID)
  })

  it('certificate variables also take file paths', () => {
    const c = loadConfig({
      APP_MODE: 'cloud',
      ...cloudBase,
      ALIPAY_APP_ID: '2021000000000001',
      ALIPAY_PRIVATE_KEY: appPem,
      ALIPAY_APP_CERT: join(certs.dir, 'app.crt'),
      ALIPAY_PUBLIC_CERT: join(certs.dir, 'alipay.crt'),
      ALIPAY_ROOT_CERT: join(certs.dir, 'root-rsa.crt'),
    })
    expect(c.login.alipay?.verification).toMatchObject({ mode: 'cert', appCertPem: certs.appCertPem.trim() })
  })
})

const cloudBase = {
  SESSION_SECRET: 'q8Zr1x-Vn3LkT0pW7sYbC4mHdJ9eFgA2uRiO5tE6wQy',
  ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1111222233334444:role/uploader',
}

describe('ALIPAY_* configuration', () => {
  const appPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const cloud = { APP_MODE: 'cloud', ...cloudBase, ALIPAY_APP_ID: '2021000000000001', ALIPAY_PRIVATE_KEY: appPem }
  const problems = (env: Record<string, string>): string => {
    try {
      loadConfig(env)
      return ''
    } catch (err) {
      if (err instanceof ConfigError) return err.problems.join('\n')
      throw err
    }
  }

  it('cloud mode refuses Alipay login with no way to verify answers, naming what to set', () => {
    expect(problems(cloud)).toMatch(
      /ALIPAY_PUBLIC_KEY or ALIPAY_APP_CERT \+ ALIPAY_PUBLIC_CERT \+ ALIPAY_ROOT_CERT: required when APP_MODE=cloud/,
    )
    expect(loadConfig({ ...cloud, ALIPAY_PUBLIC_KEY: emu.alipay.alipayPublicKeyPem }).login.alipay?.verification.mode).toBe('key')
  })

  it('refuses both modes at once, an incomplete certificate set, an unreadable key or certificate, a missing file', () => {
    expect(problems({ ...cloud, ALIPAY_PUBLIC_KEY: emu.alipay.alipayPublicKeyPem, ALIPAY_APP_CERT: '/x' })).toMatch(/not both/)
    expect(problems({ ...cloud, ALIPAY_APP_CERT: '/nope/app.crt' })).toMatch(
      /needs all three; also set ALIPAY_PUBLIC_CERT, ALIPAY_ROOT_CERT/,
    )
    expect(problems({ ...cloud, ALIPAY_PUBLIC_KEY: 'not-a-key' })).toMatch(/ALIPAY_PUBLIC_KEY: not a readable RSA public key/)
    const p = problems({
      ...cloud,
      ALIPAY_APP_CERT: '/nope/app.crt',
      ALIPAY_PUBLIC_CERT: '-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----',
      ALIPAY_ROOT_CERT: '/nope/root.crt',
    })
    expect(p).toMatch(/ALIPAY_APP_CERT: no file at "\/nope\/app.crt"/)
    expect(p).toMatch(/ALIPAY_PUBLIC_CERT: not a readable RSA certificate/)
  })

  it("emulator mode falls back to the emulator's key; a disabled Alipay login needs nothing", () => {
    expect(loadConfig({ ALIPAY_PRIVATE_KEY: appPem, EMULATOR_URL: 'http://127.0.0.1:9999' }).login.alipay?.verification).toEqual({
      mode: 'emulator',
      infoUrl: 'http://127.0.0.1:9999/__admin/info',
    })
    expect(loadConfig({ APP_MODE: 'cloud', ...cloudBase }).login.alipay).toBeUndefined()
  })
})
