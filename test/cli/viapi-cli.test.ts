import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../../scripts/stack'
import { makeCardPhoto, makePhonePhoto } from '../support/images'
import { runScript } from './run-cli'
import { parseArgs } from '../../scripts/cli/args'
import { CLIENT_OPERATIONS } from '../../src/lib'
import { startImageHost } from '../ops/helpers'

/** The real CLI (spawned with tsx) against an in-process emulator + backend on free ports. */
let stack: Stack
let dir: string
let photo: string
let phonePhoto: string
let phoneBytes: number

beforeAll(async () => {
  stack = await startStack({ emulatorPort: 0, backendPort: 0 })
  dir = mkdtempSync(join(tmpdir(), 'viapi-cli-'))
  photo = join(dir, 'card.jpg')
  writeFileSync(photo, await makeCardPhoto())
  // A 12 MP phone photo: over the 3 MB both APIs take and over segmentation's 1999 px.
  const phone = await makePhonePhoto()
  phoneBytes = phone.length
  phonePhoto = join(dir, 'phone.jpg')
  writeFileSync(phonePhoto, phone)
})
afterAll(async () => {
  await stack?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A port nothing listens on: bind one, note it, close it. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

const backendEnv = () => ({ VIAPI_BACKEND_URL: stack.backendUrl, VIAPI_EMULATOR_URL: stack.emulatorUrl!, VIAPI_USER: 'cli-test' })
const cli = (args: string[], env: Record<string, string>) => runScript('scripts/viapi-cli.ts', args, env, dir)

describe('viapi CLI', () => {
  it('bank-card --json: logs in through the backend, uploads, recognizes, prints one JSON object', async () => {
    const before = stack.emulator!.counters()
    const r = await cli(['bank-card', photo, '--json'], backendEnv())
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const lines = r.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const out = JSON.parse(lines[0])
    expect(out.operation).toBe('RecognizeBankCard')
    expect(out.cardNumber).toMatch(/^\d{16,19}$/)
    expect(out.object.key).toMatch(/^uploads\/h5_[^/]+\//)
    const after = stack.emulator!.counters()
    // Cold path of a fresh process: login, AssumeRole, upload, API call.
    expect([after.sts - before.sts, after.oss - before.oss, after.ocr - before.ocr]).toEqual([1, 1, 1])
  })

  it('bank-card prints readable fields without --json (no progress line when stderr is not a TTY)', async () => {
    const r = await cli(['bank-card', photo], backendEnv())
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Card number\s+\d{16,19}$/m)
    expect(r.stdout).toMatch(/^Bank\s+\S/m)
    expect(r.stderr).toBe('')
  })

  it('segment downloads the cut-out and prints where it saved it', async () => {
    const out = join(dir, 'cut.png')
    const r = await cli(['segment', photo, '--json', '--out', out], backendEnv())
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout)
    expect(json.savedTo).toBe(out)
    const meta = await sharp(out).metadata()
    expect(meta.format).toBe('png')
    expect(meta.hasAlpha).toBe(true)
  })

  it('works from the standard Alibaba Cloud STS environment variables, without the backend', async () => {
    // Mint an STS grant the way any other service would, then hand the CLI only env variables.
    const code = stack.emulator!.mintLoginCode('h5', 'cli-env')
    const login = (await (
      await fetch(`${stack.backendUrl}/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'h5', code }),
      })
    ).json()) as { token: string }
    const grant = (await (
      await fetch(`${stack.backendUrl}/api/sts`, { method: 'POST', headers: { authorization: `Bearer ${login.token}` } })
    ).json()) as Record<string, any>
    const r = await cli(['bank-card', photo, '--json'], {
      ALIBABA_CLOUD_ACCESS_KEY_ID: grant.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: grant.accessKeySecret,
      ALIBABA_CLOUD_SECURITY_TOKEN: grant.securityToken,
      OSS_BUCKET: grant.oss.bucket,
      OSS_ENDPOINT: `${stack.emulatorUrl}/oss`,
      OSS_KEY_PREFIX: grant.oss.keyPrefix,
      OCR_ENDPOINT: stack.emulatorUrl!,
      IMAGESEG_ENDPOINT: stack.emulatorUrl!,
    })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.cardNumber).toMatch(/^\d{16,19}$/)
    expect(out.object.key.startsWith(grant.oss.keyPrefix)).toBe(true)
  })

  it('errors print code, message and hint, and exit non-zero', async () => {
    const missing = await cli(['bank-card', join(dir, 'nope.jpg')], backendEnv())
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^error FileNotReadable: .*nope\.jpg/m)
    expect(missing.stderr).toMatch(/^hint: \S/m)

    const text = join(dir, 'notes.txt')
    writeFileSync(text, 'not an image')
    const wrongType = await cli(['segment', text, '--json'], backendEnv())
    expect(wrongType.code).toBe(1)
    expect(JSON.parse(wrongType.stdout).error).toMatchObject({ code: 'NotAnImage', hint: expect.stringMatching(/JPEG/) })

    const noCreds = await cli(['bank-card', photo, '--json'], {})
    expect(noCreds.code).toBe(1)
    expect(JSON.parse(noCreds.stdout).error.code).toBe('NoCredentials')

    const closedPort = await freePort()
    const down = await cli(['bank-card', photo, '--json'], {
      VIAPI_BACKEND_URL: `http://127.0.0.1:${closedPort}`,
      VIAPI_SESSION_TOKEN: 'x.y',
    })
    expect(down.code).toBe(1)
    expect(JSON.parse(down.stdout).error.code).toBe('NetworkError')
  })

  it.each(['bank-card', 'segment'])(
    '%s with a ~4 MB 12 MP (4000×3000) JPEG: prepared with sharp to fit, then sent; reports what was sent',
    async (command) => {
      expect(phoneBytes).toBeGreaterThan(3 * 1024 * 1024)
      const before = stack.emulator!.counters()
      const r = await cli([command, phonePhoto, '--json', '--out', join(dir, `${command}.png`)], backendEnv())
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const out = JSON.parse(r.stdout)
      const [width, height] = command === 'bank-card' ? [1600, 1200] : [1999, 1499]
      expect(out.sent).toMatchObject({
        action: 'resize',
        contentType: 'image/jpeg',
        width,
        height,
        original: { type: 'jpeg', width: 4000, height: 3000, bytes: phoneBytes },
      })
      expect(out.sent.bytes).toBeLessThan(phoneBytes / 4)
      expect(out.sent.reasons.join(' ')).toMatch(
        command === 'bank-card' ? /over 3145728|at most 3145728/ : /1999×1999 px; this image is 4000×3000/,
      )
      if (command === 'bank-card') expect(out.cardNumber).toMatch(/^\d{16,19}$/)
      else expect(await sharp(out.savedTo).metadata()).toMatchObject({ format: 'png', width, height, hasAlpha: true })
      // What reached OSS is exactly what the CLI says it sent.
      const stored = stack.emulator!.state.objects.get(out.object.bucket, out.object.key, Date.now())
      expect(stored?.body.length).toBe(out.sent.bytes)
      const after = stack.emulator!.counters()
      expect(after.oss - before.oss).toBe(1)
    },
  )

  it('readable output names the bytes sent and the conversion', async () => {
    const r = await cli(['bank-card', phonePhoto], backendEnv())
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^Sent\s+\d+\.\d KB JPEG 1600×1200 \(resize from JPEG 4000×3000, \d\.\d\d MB\)$/m)
    const small = await cli(['bank-card', photo], backendEnv())
    expect(small.stdout).toMatch(/^Sent\s+\d+\.\d KB JPEG 640×420 \(as it was\)$/m)
  })

  it.each([
    ['an empty file', 'empty.jpg', Buffer.alloc(0), 'EmptyFile'],
    ['a non-image', 'notes.jpg', Buffer.from('just some text, not a photo'), 'NotAnImage'],
    ['an image smaller than segmentation takes', 'tiny.png', null, 'ImageTooSmall'],
  ])('%s gets a typed error before any upload', async (_name, file, body, code) => {
    const path = join(dir, file)
    writeFileSync(
      path,
      body ??
        (await sharp({ create: { width: 20, height: 20, channels: 3, background: '#888' } })
          .png()
          .toBuffer()),
    )
    const before = stack.emulator!.counters()
    const r = await cli(['segment', path, '--json'], backendEnv())
    expect(r.code).toBe(1)
    const err = JSON.parse(r.stdout).error
    expect(err.code).toBe(code)
    expect(err.hint.length).toBeGreaterThan(10)
    const after = stack.emulator!.counters()
    expect([after.sts - before.sts, after.oss - before.oss, after.imageseg - before.imageseg]).toEqual([0, 0, 0])
  })

  it('bad usage prints the usage and exits 2', async () => {
    const r = await cli(['rotate', photo], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/unknown command "rotate"/)
    expect(r.stderr).toMatch(/usage: npm run viapi/)
    expect(existsSync(join(dir, 'card.cutout.png'))).toBe(false)
  })
})

describe('viapi CLI covers every client operation', () => {
  it('names each operation by its action, with the short aliases', () => {
    for (const op of CLIENT_OPERATIONS) {
      const command = op.action.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()
      expect(parseArgs([command, 'x']).action).toBe(op.action)
    }
    expect(parseArgs(['moderate', '- a text that starts with a dash']).input).toBe('- a text that starts with a dash')
    expect(() => parseArgs(['recognize-bank-card'])).toThrow(/missing image path or URL/)
  })

  it('text-moderation-plus checks a text with the service given, and prints the verdict', async () => {
    const before = stack.emulator!.counters()
    const r = await cli(['text-moderation-plus', 'a friendly comment', '--service', 'comment_detection_pro', '--json'], backendEnv())
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.operation).toBe('TextModerationPlus')
    expect(['pass', 'review', 'block']).toContain(out.verdict)
    expect(stack.emulator!.counters().green - before.green).toBe(1)
  })

  it('detect-image-faces uploads a photo and runs IMM in the project given', async () => {
    const r = await cli(['detect-image-faces', photo, '--project', 'viapi-kit', '--json'], backendEnv())
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.operation).toBe('DetectImageFaces')
    expect(Array.isArray(out.faces)).toBe(true)
    expect(out.object.key).toMatch(/^uploads\//)
  })

  it('an image URL outside OSS is downloaded, uploaded, then recognized', async () => {
    const host = await startImageHost({ '/card.jpg': { body: readFileSync(photo), type: 'image/jpeg' } })
    try {
      const r = await cli(['bank-card', `${host.url}/card.jpg`, '--json'], backendEnv())
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
      const out = JSON.parse(r.stdout)
      expect(out.cardNumber).toMatch(/^\d{16,19}$/)
      expect(host.hits()).toBe(1)
      expect(out.object.key).toMatch(/^uploads\//)
    } finally {
      await host.close()
    }
  })
})

describe.each(['signed-url', 'viapi-temp-bucket', 'plain-url'] as const)(
  'viapi CLI on a new account with a bound domain, %s route',
  (route) => {
    let fresh: Stack
    beforeAll(async () => {
      fresh = await startStack({
        emulatorPort: 0,
        backendPort: 0,
        backendEnv: { VIAPI_IMAGE_URL_ROUTE: route },
        emulator: { newAccount: true, sameAccountRead: route === 'plain-url' },
        boundDomain: true,
      })
    })
    afterAll(() => fresh?.close())

    it('bank-card and segment succeed, uploading where the route says', async () => {
      const env = { VIAPI_BACKEND_URL: fresh.backendUrl, VIAPI_EMULATOR_URL: fresh.emulatorUrl!, VIAPI_USER: `cli-${route}` }
      const bucket = route === 'viapi-temp-bucket' ? 'viapi-customer-temp' : 'viapi-kit-dev'
      for (const op of ['bank-card', 'segment']) {
        const r = await cli([op, photo, '--json'], env)
        expect(r.stderr).toBe('')
        expect(r.code).toBe(0)
        const out = JSON.parse(r.stdout)
        expect(out.object.bucket).toBe(bucket)
        expect(fresh.emulator!.state.objects.get(bucket, out.object.key, Date.now())).toBeDefined()
      }
    })
  },
)
