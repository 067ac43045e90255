import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config'
import { allowList, allowListsByPlatform } from '../../scripts/cli/allow-list'
import { runScript } from './run-cli'

const cloudEnv = {
  APP_MODE: 'cloud',
  LOG_LEVEL: 'silent',
  SESSION_SECRET: 'k3J9x-Qp2mZ8vT4rL7wN1yB6cH0dF5gS',
  ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/viapi-kit-uploader',
  OSS_BUCKET: 'card-photos',
  PUBLIC_BACKEND_URL: 'https://api.example.com/base/',
}

describe('domain allow-lists', () => {
  it('cloud: backend + vision endpoints for request, the bucket host for uploadFile, the result host for downloadFile', () => {
    const list = allowList(loadConfig(cloudEnv), cloudEnv)
    expect(list.request).toEqual(['https://api.example.com', 'https://ocr.cn-shanghai.aliyuncs.com', 'https://imageseg.cn-shanghai.aliyuncs.com'])
    expect(list.uploadFile).toEqual(['https://card-photos.oss-cn-shanghai.aliyuncs.com'])
    expect(list.downloadFile).toEqual(['https://viapi-cn-shanghai-dha-segmenter.oss-cn-shanghai.aliyuncs.com'])
    expect(list.warnings).toEqual([])
  })

  it('follows the configured endpoints and HOST/PORT when PUBLIC_BACKEND_URL is unset', () => {
    const env = { ...cloudEnv, PUBLIC_BACKEND_URL: undefined, HOST: 'api.internal.example.com', PORT: '8443', OCR_ENDPOINT: 'https://ocr.vpc.example.com', OSS_ENDPOINT: 'https://oss-cn-shanghai-internal.aliyuncs.com', SEGMENT_RESULT_HOSTS: 'https://a.example.com, https://a.example.com/x' }
    const list = allowList(loadConfig(env), env)
    expect(list.request).toEqual(['https://api.internal.example.com:8443', 'https://ocr.vpc.example.com', 'https://imageseg.cn-shanghai.aliyuncs.com'])
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

  it('npm run domains prints each platform, and refuses a broken configuration', async () => {
    const ok = await runScript('scripts/domains.ts', [], cloudEnv)
    expect(ok.code).toBe(0)
    for (const name of ['WeChat (weapp)', 'Alipay (alipay)', 'DingTalk (dd)']) expect(ok.stdout).toContain(name)
    expect(ok.stdout).toMatch(/^ {2}uploadFile +https:\/\/card-photos\.oss-cn-shanghai\.aliyuncs\.com$/m)
    const json = await runScript('scripts/domains.ts', ['--json'], cloudEnv)
    expect(JSON.parse(json.stdout)[2].request[0]).toBe('https://api.example.com')
    const bad = await runScript('scripts/domains.ts', [], { ...cloudEnv, OSS_BUCKET: 'Not_A_Bucket' })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/OSS_BUCKET/)
  })
})
