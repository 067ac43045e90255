import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config'
import { allowList, allowListsByPlatform } from '../../scripts/cli/allow-list'
import { runScript } from './run-cli'
import * as lib from '../../src/lib'
import { detectImageFacesOperation } from '../../src/lib'
import { APP_OPERATIONS, KIT_CALLS } from '../../src/services/app-operations'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { CLOUD_ENV } from '../support/cloud-env'
import { alipayPlatform } from '../../src/lib/platform/alipay'
import { dingtalkPlatform } from '../../src/lib/platform/dingtalk'
import { wechatPlatform } from '../../src/lib/platform/wechat'

/** The source of every page and hook: where the app calls the kit. */
function pageSources(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name)
      if (e.isDirectory()) walk(full)
      else if (/\.tsx?$/.test(e.name)) out.push(readFileSync(full, 'utf8'))
    }
  }
  for (const dir of ['src/pages', 'src/hooks', 'src/components']) walk(dir)
  return out
}

const cloudEnv = { ...CLOUD_ENV, TARO_APP_BACKEND_URL: 'https://api.example.com/base/' }

/** What the app calls besides the backend: ocr, imageseg, and content moderation in its two default regions. */
const CLOUD_APIS = [
  'https://ocr.cn-shanghai.aliyuncs.com',
  'https://imageseg.cn-shanghai.aliyuncs.com',
  'https://green-cip.cn-shanghai.aliyuncs.com',
  'https://green-cip.cn-beijing.aliyuncs.com',
]

describe('domain allow-lists', () => {
  it('cloud: backend + every endpoint the app calls for request, the bucket host for uploadFile, the result host for downloadFile', () => {
    const list = allowList(loadConfig(cloudEnv), cloudEnv)
    expect(list.request).toEqual(['https://api.example.com', ...CLOUD_APIS])
    expect(list.uploadFile).toEqual(['https://card-photos.oss-cn-shanghai.aliyuncs.com'])
    expect(list.downloadFile).toEqual(['https://viapi-cn-shanghai-dha-segmenter.oss-cn-shanghai.aliyuncs.com'])
    expect(list.warnings).toEqual([])
  })

  it('the backend host is the one the builds bake in (TARO_APP_BACKEND_URL), not a default', () => {
    const env = { ...cloudEnv, TARO_APP_BACKEND_URL: 'https://kit.example.cn' }
    expect(allowList(loadConfig(env), env).request[0]).toBe('https://kit.example.cn')
  })

  it('lists IMM when an app runs DetectImageFaces, and every operation a page calls is in APP_OPERATIONS', () => {
    const list = allowList(loadConfig(cloudEnv), cloudEnv, [...APP_OPERATIONS, detectImageFacesOperation])
    expect(list.request).toContain('https://imm.cn-shanghai.aliyuncs.com')
    const listed = new Set(APP_OPERATIONS.map((o) => o.action))
    // Three ways a page runs an operation: `kit.recognize(op, …)` / `kit.call(op, …)` with an
    // operation the core exports, `moderateText(kit, …)`, or the full kit's `detectImageFaces`.
    const exported = lib as unknown as Record<string, { action?: string } | undefined>
    const called = pageSources().flatMap((src) => [
      ...[...src.matchAll(/\bkit\.(?:recognize|call)\((\w+)/g)].map((m) => ({
        how: `kit.recognize(${m[1]})`,
        action: exported[m[1]]?.action,
      })),
      ...[...src.matchAll(/\b(\w+)\(kit\b/g)].map((m) => ({ how: `${m[1]}(kit)`, action: KIT_CALLS[m[1]]?.action })),
      ...[...src.matchAll(/\bkit\.(?!recognize\b|call\b)(\w+)\(/g)].map((m) => ({
        how: `kit.${m[1]}`,
        action: KIT_CALLS[m[1]]?.action,
      })),
    ])
    expect(called.map((c) => c.how).sort()).toEqual([
      'kit.recognize(recognizeBankCardOperation)',
      'kit.recognize(segmentCommonImageOperation)',
      'moderateText(kit)',
    ])
    for (const { how, action } of called) {
      expect(action, `${how} has no operation`).toBeDefined()
      expect(listed.has(action!), `${how} (${action}) is called by a page but missing from APP_OPERATIONS`).toBe(true)
    }
  })

  it('follows the configured endpoints and HOST/PORT when TARO_APP_BACKEND_URL is unset', () => {
    const env = {
      ...cloudEnv,
      TARO_APP_BACKEND_URL: undefined,
      HOST: 'api.internal.example.com',
      PORT: '8443',
      OCR_ENDPOINT: 'https://ocr.vpc.example.com',
      OSS_ENDPOINT: 'https://oss-cn-shanghai-internal.aliyuncs.com',
      SEGMENT_RESULT_HOSTS: 'https://a.example.com, https://a.example.com/x',
    }
    const list = allowList(loadConfig(env), env)
    expect(list.request).toEqual(['https://api.internal.example.com:8443', 'https://ocr.vpc.example.com', ...CLOUD_APIS.slice(1)])
    expect(list.uploadFile).toEqual(['https://card-photos.oss-cn-shanghai-internal.aliyuncs.com'])
    expect(list.downloadFile).toEqual(['https://a.example.com'])
  })

  it('emulator: loopback hosts, each flagged as unusable on a real console', () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', EMULATOR_URL: 'http://127.0.0.1:39123', PORT: '39124' })
    const list = allowList(config, {})
    expect(list.request).toEqual(['http://127.0.0.1:39124', 'http://127.0.0.1:39123'])
    expect(list.uploadFile).toEqual(['http://127.0.0.1:39123'])
    expect(list.warnings.length).toBe(2)
    expect(list.warnings.every((w) => /https only/.test(w))).toBe(true)
  })

  it('lists the three mini-program platforms with the same hosts', () => {
    const lists = allowListsByPlatform(loadConfig(cloudEnv), cloudEnv)
    expect(lists.map((l) => l.platform)).toEqual(['weapp', 'alipay', 'dd'])
    for (const l of lists) expect(l.uploadFile).toEqual(['https://card-photos.oss-cn-shanghai.aliyuncs.com'])
  })

  it("sends each list to the console place the app names when a host is missing (its profile's allowListPlace)", () => {
    const consoles = Object.fromEntries(allowListsByPlatform(loadConfig(cloudEnv), cloudEnv).map((l) => [l.platform, l.console]))
    // DingTalk: 开发配置 → 安全设置 → HTTP 可信域名 (https://open.dingtalk.com/document/dingstart/configure-secure-domain-name).
    expect(consoles.dd).toBe('open-dev.dingtalk.com → 应用 → 开发配置 → 安全设置 → HTTP 可信域名 (one list: add every host listed)')
    expect(consoles.dd).toContain(`${dingtalkPlatform.allowListPlace('httpRequest')} (`)
    expect(consoles.alipay).toContain(`${alipayPlatform.allowListPlace('request')} (`)
    // WeChat keeps three lists under one place; the error names the one the failed call needs.
    for (const api of ['request', 'uploadFile', 'downloadFile']) {
      const [place, list] = wechatPlatform.allowListPlace(api).split(/ → (?=\w+合法域名$)/)
      expect(consoles.weapp).toContain(`${place} (`)
      expect(consoles.weapp).toContain(list.replace('合法域名', ''))
    }
  })

  it('npm run domains prints each platform, and refuses a broken configuration', async () => {
    const ok = await runScript('scripts/domains.ts', [], cloudEnv)
    expect(ok.code).toBe(0)
    for (const name of ['WeChat (weapp)', 'Alipay (alipay)', 'DingTalk (dd)']) expect(ok.stdout).toContain(name)
    expect(ok.stdout).toContain('DingTalk (dd) — open-dev.dingtalk.com → 应用 → 开发配置 → 安全设置 → HTTP 可信域名')
    expect(ok.stdout).toMatch(/^ {2}uploadFile +https:\/\/card-photos\.oss-cn-shanghai\.aliyuncs\.com$/m)
    const json = await runScript('scripts/domains.ts', ['--json'], cloudEnv)
    expect(JSON.parse(json.stdout)[2].request[0]).toBe('https://api.example.com')
    const bad = await runScript('scripts/domains.ts', [], { ...cloudEnv, OSS_BUCKET: 'Not_A_Bucket' })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/OSS_BUCKET/)
  })
})
