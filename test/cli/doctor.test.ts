import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultRolePolicy } from '../../emulator/config'
import type { RunningEmulator } from '../../emulator/index'
import { allowListsByPlatform } from '../../scripts/cli/allow-list'
import { loadConfig } from '../../server/config'
import { checkContactedHosts } from '../../scripts/doctor/console-domains'
import { fixFor, isNetworkCode } from '../../scripts/doctor/fixes'
import { createRedactor } from '../../scripts/doctor/redact'
import { parseDoctorArgs } from '../../scripts/doctor/args'
import { runDoctor } from '../../scripts/doctor/run'
import { renderText } from '../../scripts/doctor/report'
import type { CheckResult, DoctorReport } from '../../scripts/doctor/types'
import { start } from '../emulator/helpers'
import { makeCardPhoto } from '../support/images'
import { runScript } from './run-cli'

/** `npm run doctor` against an in-process emulator, and offline against cloud-mode configurations. */
let emu: RunningEmulator
let dir: string

beforeAll(async () => {
  emu = await start()
  dir = mkdtempSync(join(tmpdir(), 'viapi-doctor-'))
})
afterAll(async () => {
  await emu?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const emulatorEnv = (e: RunningEmulator = emu, extra: Record<string, string> = {}) => ({
  APP_MODE: 'emulator',
  EMULATOR_URL: e.url,
  LOG_LEVEL: 'silent',
  ...extra,
})
const check = (r: DoctorReport, id: string): CheckResult => {
  const c = r.checks.find((x) => x.id === id)
  if (!c) throw new Error(`no check ${id} in ${JSON.stringify(r.checks.map((x) => x.id))}`)
  return c
}
const statuses = (r: DoctorReport) =>
  Object.fromEntries(r.checks.filter((c) => /^(sts|oss|viapi)\./.test(c.id)).map((c) => [c.id, c.status]))

/** A cloud-mode .env that loads: the real endpoints are its defaults. */
const CLOUD_ENV = {
  APP_MODE: 'cloud',
  ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/viapi-kit-uploader',
  ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-doctor-test-id',
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'canary-secret-7f3a9c1e-never-print-me',
  OSS_BUCKET: 'my-bucket',
  SESSION_SECRET: 'doctor-test-session-secret-0123456789abcdef',
  WECHAT_APP_ID: 'wx1234567890',
  WECHAT_APP_SECRET: 'canary-wechat-secret-5d2b',
  CORS_ORIGINS: 'https://h5.example.com',
  TARO_APP_BACKEND_URL: 'https://api.example.com',
}

/** A port nothing listens on: bind one, note it, close it. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

describe('doctor: live steps against the emulator', () => {
  it('a working setup: AssumeRole, one PostObject under the test user, one RecognizeBankCard, all ok', async () => {
    const before = emu.counters()
    const heard: CheckResult[] = []
    const r = await runDoctor(emulatorEnv(), { offline: false }, { onCheck: (c) => heard.push(c) })
    expect(r.failed).toBe(false)
    // Each check is handed out as it is made, in the report's order (the command line prints them then).
    expect(heard).toEqual(r.checks)
    expect(statuses(r)).toEqual({ 'sts.assume-role': 'ok', 'oss.post-object': 'ok', 'viapi.recognize-bank-card': 'ok' })
    expect(check(r, 'oss.post-object').summary).toMatch(/ as uploads\/doctor-check\/\S+ \(200\)/)
    // The default route: a signed URL of the user's own object.
    expect(check(r, 'viapi.recognize-bank-card').summary).toMatch(
      /\(route signed-url\) read http:\/\/127.0.0.1:\d+\/oss\/viapi-kit-dev\/uploads\/doctor-check\/\S+ \(signed URL\) and answered \(emulated result\)/,
    )
    const after = emu.counters()
    expect([after.sts - before.sts, after.oss - before.oss, after.ocr - before.ocr]).toEqual([1, 1, 1])
    expect(check(r, 'allow-list.live')).toMatchObject({ status: 'ok', summary: expect.stringContaining('(2 requests)') })
  })

  it('--image recognizes the given photo', async () => {
    const photo = join(dir, 'card.jpg')
    writeFileSync(photo, await makeCardPhoto())
    const r = await runDoctor(emulatorEnv(), { offline: false, image: photo })
    expect(r.failed).toBe(false)
    const notAnImage = join(dir, 'notes.txt')
    writeFileSync(notAnImage, 'not a photo')
    const bad = await runDoctor(emulatorEnv(), { offline: false, image: notAnImage })
    expect(check(bad, 'image')).toMatchObject({ status: 'fail', code: 'NotAnImage' })
  })

  it('wrong role ARN: EntityNotExist.Role names ALIBABA_CLOUD_ROLE_ARN, nothing is uploaded', async () => {
    const before = emu.counters()
    const r = await runDoctor(emulatorEnv(emu, { ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/no-such-role' }), {
      offline: false,
    })
    expect(r.failed).toBe(true)
    expect(check(r, 'sts.assume-role')).toMatchObject({ status: 'fail', code: 'EntityNotExist.Role' })
    expect(check(r, 'sts.assume-role').fix).toMatch(/ALIBABA_CLOUD_ROLE_ARN/)
    expect(statuses(r)).toMatchObject({ 'oss.post-object': 'skip', 'viapi.recognize-bank-card': 'skip' })
    expect(emu.counters().oss - before.oss).toBe(0)
  })

  it('unknown AccessKey id: InvalidAccessKeyId.NotFound, and the secret is never printed', async () => {
    const secret = 'canary-secret-0b1d8e2f-never-print-me'
    const r = await runDoctor(emulatorEnv(emu, { ALIBABA_CLOUD_ACCESS_KEY_ID: 'no-such-key', ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret }), {
      offline: false,
    })
    expect(check(r, 'sts.assume-role')).toMatchObject({ status: 'fail', code: 'InvalidAccessKeyId.NotFound' })
    expect(check(r, 'sts.assume-role').fix).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_ID/)
    expect(JSON.stringify(r) + renderText(r)).not.toContain(secret)
  })

  it('wrong AccessKey secret: SignatureDoesNotMatch says the pair does not match', async () => {
    const r = await runDoctor(
      emulatorEnv(emu, {
        ALIBABA_CLOUD_ACCESS_KEY_ID: emu.options.rootAccessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'canary-wrong-secret-1234',
      }),
      { offline: false },
    )
    expect(check(r, 'sts.assume-role')).toMatchObject({ status: 'fail', code: 'SignatureDoesNotMatch' })
    expect(check(r, 'sts.assume-role').fix).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_SECRET/)
    expect(JSON.stringify(r)).not.toContain('canary-wrong-secret-1234')
  })

  it('a role without the OCR grant: the upload passes, RecognizeBankCard fails NoPermission with the ram-policy fix', async () => {
    const ossOnly = defaultRolePolicy()
    ossOnly.Statement = ossOnly.Statement.filter((s) => !JSON.stringify(s.Action).includes('viapi-ocr'))
    const narrow = await start({ rolePolicy: ossOnly })
    try {
      const r = await runDoctor(emulatorEnv(narrow), { offline: false })
      expect(statuses(r)).toEqual({ 'sts.assume-role': 'ok', 'oss.post-object': 'ok', 'viapi.recognize-bank-card': 'fail' })
      expect(check(r, 'viapi.recognize-bank-card')).toMatchObject({ code: expect.stringMatching(/^(NoPermission|Forbidden\.RAM)$/) })
      expect(check(r, 'viapi.recognize-bank-card').fix).toMatch(/npm run ram-policy/)
    } finally {
      await narrow.close()
    }
  })

  it('a role that may not write the bucket: the upload fails AccessDenied, the API call is not made', async () => {
    const noOss = defaultRolePolicy()
    noOss.Statement = noOss.Statement.filter((s) => !JSON.stringify(s.Action).includes('oss:PutObject'))
    const narrow = await start({ rolePolicy: noOss })
    try {
      const before = narrow.counters()
      const r = await runDoctor(emulatorEnv(narrow), { offline: false })
      expect(check(r, 'oss.post-object')).toMatchObject({ status: 'fail', code: 'AccessDenied' })
      expect(check(r, 'viapi.recognize-bank-card').status).toBe('skip')
      expect(narrow.counters().ocr - before.ocr).toBe(0)
    } finally {
      await narrow.close()
    }
  })

  it('nothing listening: the first step fails as unreachable, naming the host and the emulator', async () => {
    const port = await freePort()
    const r = await runDoctor({ APP_MODE: 'emulator', EMULATOR_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'silent' }, { offline: false })
    expect(check(r, 'sts.assume-role')).toMatchObject({ status: 'fail', code: 'NetworkUnreachable' })
    expect(check(r, 'sts.assume-role').summary).toContain(`127.0.0.1:${port}`)
    expect(check(r, 'sts.assume-role').fix).toMatch(/npm run emulator/)
  })

  it("this machine's clock an hour off: AssumeRole is refused, and the fix is to sync the clock", async () => {
    emu.setFaults({ clockSkewMs: 3600_000 })
    try {
      const r = await runDoctor(emulatorEnv(), { offline: false })
      expect(check(r, 'sts.assume-role')).toMatchObject({ status: 'fail', code: 'InvalidTimeStamp.Expired' })
      expect(check(r, 'sts.assume-role').fix).toMatch(/clock/)
    } finally {
      emu.clearFaults()
    }
  })

  it('the upload host drops the connection: the upload fails as unreachable, naming the OSS variables', async () => {
    emu.setFaults({ rules: [{ service: 'oss', kind: 'drop' }] })
    try {
      const r = await runDoctor(emulatorEnv(), { offline: false })
      expect(statuses(r)).toEqual({ 'sts.assume-role': 'ok', 'oss.post-object': 'fail', 'viapi.recognize-bank-card': 'skip' })
      expect(check(r, 'oss.post-object')).toMatchObject({
        code: 'NetworkUnreachable',
        fix: expect.stringContaining('OSS_ENDPOINT / OSS_BUCKET_DOMAIN'),
      })
    } finally {
      emu.clearFaults()
    }
  })

  it('OCR endpoint unreachable: AssumeRole and the upload pass, the API call fails as unreachable', async () => {
    const port = await freePort()
    const r = await runDoctor(emulatorEnv(emu, { OCR_ENDPOINT: `http://127.0.0.1:${port}` }), { offline: false })
    expect(statuses(r)).toEqual({ 'sts.assume-role': 'ok', 'oss.post-object': 'ok', 'viapi.recognize-bank-card': 'fail' })
    expect(check(r, 'viapi.recognize-bank-card')).toMatchObject({ code: 'NetworkUnreachable' })
    expect(check(r, 'viapi.recognize-bank-card').fix).toMatch(/OCR_ENDPOINT/)
  })
})

describe('doctor: both account modes and each image-URL route (emulator)', () => {
  /** An emulator playing one account for one test. */
  async function withEmulator(options: { newAccount?: boolean; sameAccountRead?: boolean }, body: (e: RunningEmulator) => Promise<void>) {
    const e = await start(options)
    try {
      await body(e)
    } finally {
      await e.close()
    }
  }
  const bound = (e: RunningEmulator) => ({ OSS_BUCKET_DOMAIN: `${e.url}/bound/viapi-kit-dev` })

  it('new account without a bound domain: the upload fails PublicEndpointForbidden, naming OSS_BUCKET_DOMAIN and the vendor page', () =>
    withEmulator({ newAccount: true }, async (e) => {
      const r = await runDoctor(emulatorEnv(e), { offline: false })
      expect(statuses(r)).toEqual({ 'sts.assume-role': 'ok', 'oss.post-object': 'fail', 'viapi.recognize-bank-card': 'skip' })
      const upload = check(r, 'oss.post-object')
      expect(upload).toMatchObject({
        code: 'PublicEndpointForbidden',
        docs: 'https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000401',
      })
      expect(upload.fix).toMatch(/bind a custom domain.*OSS_BUCKET_DOMAIN/)
      expect(e.counters().ocr).toBe(0)
    }))

  it('new account with a bound domain: every step passes through /bound/<bucket>', () =>
    withEmulator({ newAccount: true }, async (e) => {
      const r = await runDoctor(emulatorEnv(e, bound(e)), { offline: false })
      expect(r.failed).toBe(false)
      expect(check(r, 'oss.post-object').summary).toContain(`to ${e.url}/bound/viapi-kit-dev as uploads/doctor-check/`)
      expect(check(r, 'viapi.recognize-bank-card').summary).toMatch(/\/bound\/viapi-kit-dev\/\S+ \(signed URL\)/)
    }))

  it('plain-url without same-account read: RecognizeBankCard cannot read the upload, the fix is signed-url', () =>
    withEmulator({}, async (e) => {
      const r = await runDoctor(emulatorEnv(e, { VIAPI_IMAGE_URL_ROUTE: 'plain-url' }), { offline: false })
      expect(statuses(r)).toEqual({ 'sts.assume-role': 'ok', 'oss.post-object': 'ok', 'viapi.recognize-bank-card': 'fail' })
      const recognize = check(r, 'viapi.recognize-bank-card')
      expect(recognize.code).toMatch(/^(InvalidImage\.Download|IllegalUrlParameter)$/)
      expect(recognize.summary).toContain('route plain-url')
      expect(recognize.fix).toMatch(/VIAPI_IMAGE_URL_ROUTE=signed-url/)
    }))

  it('plain-url with same-account read (both account modes): passes, and says the URL was plain', async () => {
    for (const newAccount of [false, true]) {
      await withEmulator({ newAccount, sameAccountRead: true }, async (e) => {
        const r = await runDoctor(emulatorEnv(e, { VIAPI_IMAGE_URL_ROUTE: 'plain-url', ...(newAccount ? bound(e) : {}) }), {
          offline: false,
        })
        expect(r.failed).toBe(false)
        expect(check(r, 'viapi.recognize-bank-card').summary).toMatch(/\(plain URL\)/)
      })
    }
  })

  it("viapi-temp-bucket on a new account: uploads to the temporary bucket, not the user's, and passes", () =>
    withEmulator({ newAccount: true }, async (e) => {
      const r = await runDoctor(emulatorEnv(e, { VIAPI_IMAGE_URL_ROUTE: 'viapi-temp-bucket' }), { offline: false })
      expect(r.failed).toBe(false)
      expect(check(r, 'oss.post-object').summary).toContain('/viapi-customer-temp')
      expect(check(r, 'viapi.recognize-bank-card').summary).toContain('route viapi-temp-bucket')
    }))
})

describe('doctor: offline checks', () => {
  it('a config that does not load: one FAIL per problem, no live step', async () => {
    const r = await runDoctor({ APP_MODE: 'cloud' }, { offline: false })
    const problems = r.checks.filter((c) => c.id === 'config')
    expect(problems.length).toBeGreaterThanOrEqual(2)
    expect(problems.every((c) => c.status === 'fail' && c.code === 'ConfigError')).toBe(true)
    expect(problems.map((c) => c.summary).join('\n')).toMatch(/ALIBABA_CLOUD_ROLE_ARN/)
    expect(statuses(r)).toEqual({ 'sts.assume-role': 'skip', 'oss.post-object': 'skip', 'viapi.recognize-bank-card': 'skip' })
  })

  it('cloud mode on the default OSS endpoint: warns about PublicEndpointForbidden with the vendor page', async () => {
    const r = await runDoctor(CLOUD_ENV, { offline: true })
    const host = check(r, 'cloud.oss-host')
    expect(host).toMatchObject({
      status: 'warn',
      code: 'PublicEndpointForbidden',
      docs: 'https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000401',
    })
    expect(host.summary).toContain('https://my-bucket.oss-cn-shanghai.aliyuncs.com')
    expect(host.fix).toMatch(/OSS_BUCKET_DOMAIN/)
    expect(r.failed).toBe(false)
    const text = renderText(r)
    expect(text).not.toContain(CLOUD_ENV.ALIBABA_CLOUD_ACCESS_KEY_SECRET)
    expect(text).not.toContain(CLOUD_ENV.WECHAT_APP_SECRET)
  })

  it('cloud mode with OSS_BUCKET_DOMAIN: no PublicEndpointForbidden warning; the consoles need the bound domain', async () => {
    const env = { ...CLOUD_ENV, OSS_BUCKET_DOMAIN: 'https://img.example.com' }
    const r = await runDoctor(env, {
      offline: true,
      consoleDomains: JSON.stringify({ alipay: ['https://my-bucket.oss-cn-shanghai.aliyuncs.com'] }),
    })
    expect(check(r, 'cloud.oss-host')).toMatchObject({
      status: 'ok',
      summary: expect.stringContaining('bound domain https://img.example.com'),
    })
    expect(check(r, 'allow-list.alipay.uploadFile').summary).toContain('lacks https://img.example.com')
  })

  it("cloud mode without TARO_APP_BACKEND_URL: one warning, and the consoles are not asked for this machine's address", async () => {
    const { TARO_APP_BACKEND_URL: _unset, ...env } = CLOUD_ENV
    const r = await runDoctor(env, { offline: true, consoleDomains: JSON.stringify({ dd: [] }) })
    expect(check(r, 'cloud.backend-url')).toMatchObject({ status: 'warn', fix: expect.stringMatching(/TARO_APP_BACKEND_URL=https/) })
    expect(check(r, 'cloud.hosts').status).toBe('ok')
    expect(check(r, 'allow-list.dd.request').summary).not.toContain('127.0.0.1')
  })

  it('cloud mode: plain-url route and a non-Shanghai bucket are warned about', async () => {
    const r = await runDoctor({ ...CLOUD_ENV, VIAPI_IMAGE_URL_ROUTE: 'plain-url', OSS_REGION: 'cn-beijing' }, { offline: true })
    expect(check(r, 'cloud.image-url-route').status).toBe('warn')
    expect(check(r, 'cloud.region').status).toBe('warn')
  })

  it('console domains: every missing host is named per platform and list', async () => {
    const lists = allowListsByPlatform(loadConfig(CLOUD_ENV), CLOUD_ENV)
    const weapp = lists[0]
    const entered = {
      weapp: { request: weapp.request, uploadFile: [], downloadFile: weapp.downloadFile },
      // Alipay: one list, typed without a scheme and in capitals, missing the cut-out host.
      alipay: [...weapp.request, ...weapp.uploadFile].map((h) => h.replace('https://', '').toUpperCase()),
      dd: [...weapp.request, ...weapp.uploadFile, ...weapp.downloadFile],
    }
    const file = join(dir, 'console-domains.json')
    writeFileSync(file, JSON.stringify(entered))
    const r = await runDoctor(CLOUD_ENV, { offline: true, consoleDomains: file })
    expect(r.failed).toBe(true)
    expect(check(r, 'allow-list.weapp.uploadFile')).toMatchObject({ status: 'fail', code: 'MissingAllowListHost' })
    expect(check(r, 'allow-list.weapp.uploadFile').summary).toContain('https://my-bucket.oss-cn-shanghai.aliyuncs.com')
    expect(check(r, 'allow-list.weapp.uploadFile').fix).toContain('mp.weixin.qq.com')
    expect(check(r, 'allow-list.alipay.downloadFile').summary).toContain(weapp.downloadFile[0])
    expect(r.checks.some((c) => c.id === 'allow-list.alipay.request')).toBe(false)
    expect(check(r, 'allow-list.dd').status).toBe('ok')
  })

  it('console domains: inline JSON in DOCTOR_CONSOLE_DOMAINS, and a malformed input is one FAIL', async () => {
    const r = await runDoctor(CLOUD_ENV, { offline: true, consoleDomains: '{"weapp": "https://a.example.com"}' })
    expect(check(r, 'allow-list')).toMatchObject({ status: 'fail', code: 'BadConsoleDomains' })
    const partial = await runDoctor(CLOUD_ENV, { offline: true, consoleDomains: '{"dd": []}' })
    expect(check(partial, 'allow-list.weapp').status).toBe('skip')
    expect(check(partial, 'allow-list.dd.request').status).toBe('fail')
  })
})

describe('doctor: the command line', () => {
  it('--json --offline: one JSON object, exit 0 without failures; exit 1 with one', async () => {
    const good = await runScript('scripts/doctor.ts', ['--json', '--offline'], { ...CLOUD_ENV }, dir)
    expect(good.code).toBe(0)
    const report = JSON.parse(good.stdout) as DoctorReport
    expect(report.mode).toBe('cloud')
    expect(check(report, 'cloud.oss-host').status).toBe('warn')
    expect(good.stdout).not.toContain(CLOUD_ENV.ALIBABA_CLOUD_ACCESS_KEY_SECRET)
    const bad = await runScript('scripts/doctor.ts', ['--offline'], { APP_MODE: 'cloud' }, dir)
    expect(bad.code).toBe(1)
    expect(bad.stdout).toMatch(/^FAIL {2}config: ALIBABA_CLOUD_ROLE_ARN/m)
    const usage = await runScript('scripts/doctor.ts', ['--nope'], {}, dir)
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/usage: npm run doctor/)
  })
})

describe('doctor: pieces', () => {
  it('redacts secret variables and minted secrets wherever they occur, and credential query parameters', () => {
    const minted = ['sts-secret-abcdef123']
    const r = createRedactor({ ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret-987654', OSS_BUCKET: 'my-bucket' }, () => minted)
    const text = r.text(
      'a env-secret-987654 b sts-secret-abcdef123 https://b.example.com/k.jpg?OSSAccessKeyId=STS.x&Expires=1&Signature=abc%2B&security-token=tok c my-bucket',
    )
    expect(text).toBe(
      'a [redacted] b [redacted] https://b.example.com/k.jpg?OSSAccessKeyId=[redacted]&Expires=1&Signature=[redacted]&security-token=[redacted] c my-bucket',
    )
    expect(r.check({ id: 'x', status: 'fail', summary: 'sts-secret-abcdef123', code: 'C' })).toEqual({
      id: 'x',
      status: 'fail',
      summary: '[redacted]',
      code: 'C',
    })
  })

  it('names the fix by where a code was met: EntityNotExist.Role is the role ARN at AssumeRole, ram:PassRole at the vision API', () => {
    expect(fixFor('sts', 'EntityNotExist.Role')?.fix).toMatch(/ALIBABA_CLOUD_ROLE_ARN/)
    expect(fixFor('recognize', 'EntityNotExist.Role')?.fix).toMatch(/ram:PassRole.*viapi\.aliyuncs\.com/)
    expect(fixFor('recognize', 'InvalidImage.Download', 'plain-url')?.fix).toMatch(/signed-url/)
    expect(fixFor('recognize', 'InvalidImage.Download', 'signed-url')?.fix).toMatch(/viapi-temp-bucket/)
  })

  it('counts as "no answer" the network codes and their undici / TLS families, not an HTTP-level code', () => {
    for (const code of ['ECONNREFUSED', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'Timeout'])
      expect([code, isNetworkCode(code)]).toEqual([code, true])
    for (const code of [undefined, 'EPIPE', 'UND_ERR_', 'ECONNREFUSED2', 'SignatureDoesNotMatch'])
      expect([code, isNetworkCode(code)]).toEqual([code, false])
  })

  it('a host the live run called but the allow-list lacks is a FAIL naming the host and its list', () => {
    const [weapp] = allowListsByPlatform(loadConfig(CLOUD_ENV), CLOUD_ENV)
    const called = [
      { kind: 'upload' as const, url: weapp.uploadFile[0] },
      { kind: 'request' as const, url: 'https://other.example.com' },
    ]
    expect(checkContactedHosts(weapp, called)).toMatchObject({
      status: 'fail',
      summary: expect.stringContaining('https://other.example.com (request)'),
    })
    expect(checkContactedHosts(weapp, called.slice(0, 1)).status).toBe('ok')
  })

  it('reads --console-domains or DOCTOR_CONSOLE_DOMAINS, refuses unknown arguments', () => {
    expect(parseDoctorArgs(['--json', '--console-domains', 'c.json'], { DOCTOR_CONSOLE_DOMAINS: 'env.json' })).toEqual({
      json: true,
      offline: false,
      consoleDomains: 'c.json',
    })
    expect(parseDoctorArgs([], { DOCTOR_CONSOLE_DOMAINS: 'env.json' }).consoleDomains).toBe('env.json')
    expect(() => parseDoctorArgs(['--image'])).toThrow(/needs a value/)
    expect(() => parseDoctorArgs(['extra'])).toThrow(/unknown argument/)
  })
})
