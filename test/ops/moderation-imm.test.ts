import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { moderateText, NetworkError, ServiceError, textModerationPlusOperation } from '../../src/lib'
import { moderationEndpointsFor } from '../../src/lib/operations'
import { startStack, type Stack } from '../../scripts/stack'
import { makeCardPhoto } from '../support/images'
import { kitFor } from './helpers'

let stack: Stack
let photo: Buffer

beforeAll(async () => {
  stack = await startStack({ emulatorPort: 0, backendPort: 0, env: {} })
  photo = await makeCardPhoto()
})
afterAll(() => stack?.close())
afterEach(() => stack.emulator!.clearFaults())

describe('TextModerationPlus through the kit and the emulator', () => {
  it.each([
    ['A lovely photo, thanks!', 'pass', 'none', []],
    ['you idiot', 'review', 'medium', ['inappropriate_profanity']],
    ['come gamble with me, wechat me', 'block', 'high', ['contraband_gambling', 'pt_to_contact']],
    ['这里可以赌博', 'block', 'high', ['contraband_gambling']],
  ] as const)('%s → %s', async (text, verdict, level, labels) => {
    const kit = kitFor(stack, 'mod-user')
    const r = await moderateText(kit, text, { service: 'comment_detection_pro' })
    expect(r.verdict).toBe(verdict)
    expect(r.riskLevel).toBe(level)
    expect(r.labels.map((l) => l.label)).toEqual(labels)
    expect(r.requestId).not.toBe('')
  })

  it('sends Service and ServiceParameters as the API documents them', () => {
    expect(textModerationPlusOperation.toParams({ service: 'chat_detection_pro', content: 'a "b"' })).toEqual({
      Service: 'chat_detection_pro',
      ServiceParameters: '{"content":"a \\"b\\""}',
    })
  })

  it('an unknown Service is a typed 400, not retried in another region', async () => {
    const kit = kitFor(stack, 'mod-bad', { regionEndpoints: { moderation: [stack.emulatorUrl!, stack.emulatorUrl!] } })
    const before = stack.emulator!.counters().green
    const err = await moderateText(kit, 'hello', { service: 'no_such_service' }).catch((e) => e)
    expect(err).toBeInstanceOf(ServiceError)
    expect(err.status).toBe(400)
    expect(stack.emulator!.counters().green - before).toBe(1)
  })

  it('falls back to the next region when the first answers 5xx', async () => {
    const kit = kitFor(stack, 'mod-5xx', { regionEndpoints: { moderation: [stack.emulatorUrl!, stack.emulatorUrl!] } })
    await kit.prefetch()
    stack.emulator!.setFaults({ rules: [{ service: 'green', kind: 'error5xx', status: 503, count: 1 }] })
    const before = stack.emulator!.counters().green
    const r = await moderateText(kit, 'you idiot')
    expect(r.verdict).toBe('review')
    expect(stack.emulator!.counters().green - before).toBe(2)
  })

  it('falls back to the next region on a network failure, and fails typed when every region is down', async () => {
    const dead = 'http://127.0.0.1:1'
    const kit = kitFor(stack, 'mod-net', { regionEndpoints: { moderation: [dead, stack.emulatorUrl!] } })
    expect((await moderateText(kit, 'fine text')).verdict).toBe('pass')
    const down = kitFor(stack, 'mod-down', { regionEndpoints: { moderation: [dead, dead] } })
    expect(await moderateText(down, 'fine text').catch((e) => e)).toBeInstanceOf(NetworkError)
  })

  it('the region table: green-cip endpoints get siblings, an emulator endpoint does not', () => {
    expect(moderationEndpointsFor('https://green-cip.cn-shanghai.aliyuncs.com')).toEqual([
      'https://green-cip.cn-shanghai.aliyuncs.com',
      'https://green-cip.cn-beijing.aliyuncs.com',
    ])
    expect(moderationEndpointsFor('https://green-cip.cn-beijing.aliyuncs.com', ['cn-shanghai', 'cn-beijing'])[1]).toBe(
      'https://green-cip.cn-shanghai.aliyuncs.com',
    )
    expect(moderationEndpointsFor('http://127.0.0.1:9100/')).toEqual(['http://127.0.0.1:9100'])
  })

  it('the emulator refuses an STS token whose session policy lacks yundun-greenweb:TextModerationPlus', async () => {
    const { startEmulator } = await import('../../emulator')
    const emu = await startEmulator({ port: 0 })
    try {
      // A role that may upload and OCR but not moderate: the session policy cannot widen it.
      emu.state.options.rolePolicy = {
        Version: '1',
        Statement: [{ Effect: 'Allow', Action: ['viapi-ocr:*', 'oss:PutObject'], Resource: ['*'] }],
      }
      const s = await startStack({ emulatorPort: 0, backendPort: 0, env: {} })
      try {
        s.emulator!.state.options.rolePolicy = emu.state.options.rolePolicy
        const err = await moderateText(kitFor(s, 'mod-deny'), 'hello').catch((e) => e)
        expect(err).toBeInstanceOf(ServiceError)
        expect(err.code).toBe('Forbidden.RAM')
      } finally {
        await s.close()
      }
    } finally {
      await emu.close()
    }
  })
})

describe('IMM DetectImageFaces', () => {
  it('uploads the photo and returns the documented emulated face box for its size', async () => {
    const kit = kitFor(stack, 'imm-user', { immProject: 'viapi-kit' })
    const { width, height } = await sharp(photo).metadata()
    const r = await kit.detectImageFaces({ path: new Uint8Array(photo), contentType: 'image/jpeg', size: photo.length })
    expect(r.emulated).toBe(true)
    expect(r.faces).toHaveLength(1)
    expect(r.faces[0].boundary).toEqual({
      left: Math.round(width * 0.3),
      top: Math.round(height * 0.2),
      width: Math.round(width * 0.4),
      height: Math.round(height * 0.5),
    })
    expect(r.object!.key).toMatch(/^uploads\/h5_/)
  })

  it('works on an object URL already in OSS (SourceURI derived from the grant host)', async () => {
    const kit = kitFor(stack, 'imm-url', { immProject: 'viapi-kit' })
    const obj = await kit.upload({ path: new Uint8Array(photo), contentType: 'image/jpeg', size: photo.length })
    const r = await kit.detectImageFaces(obj.url)
    expect(r.faces).toHaveLength(1)
    expect(r.object).toBeUndefined()
  })

  it('a project other than the backend IMM_PROJECT is refused by the session policy', async () => {
    const kit = kitFor(stack, 'imm-other')
    const err = await kit
      .detectImageFaces({ path: new Uint8Array(photo), contentType: 'image/jpeg', size: photo.length }, { projectName: 'someone-elses' })
      .catch((e) => e)
    expect(err).toBeInstanceOf(ServiceError)
    expect(err.code).toBe('Forbidden.RAM')
  })

  it('the backend hands out moderation and imm endpoints with the grant', async () => {
    const kit = kitFor(stack, 'imm-endpoints')
    await kit.prefetch()
    const { newSession } = await import('./helpers')
    const { token } = await newSession(stack, 'imm-endpoints-2')
    const res = await fetch(`${stack.backendUrl}/api/sts`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    const body = (await res.json()) as { endpoints: Record<string, string> }
    expect(Object.keys(body.endpoints).sort()).toEqual(['imageseg', 'imm', 'moderation', 'ocr'])
    expect(body.endpoints.imm).toBe(stack.emulatorUrl)
  })
})
