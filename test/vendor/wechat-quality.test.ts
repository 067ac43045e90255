import { execFileSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt } from '../build/ensure-built'

/**
 * WeChat's code-quality scan (DevTools' "代码质量" panel,
 * https://developers.weixin.qq.com/miniprogram/dev/devtools/quality.html) run on dist/weapp through
 * `checkCodeQuality` of miniprogram-ci (https://developers.weixin.qq.com/miniprogram/dev/devtools/ci.html).
 * It runs offline: the project's private key is required by `new ci.Project` but only read by the
 * calls that talk to WeChat (upload, preview, getCompiledResult), which we never make. So any RSA
 * key will do: one is generated per run in a temp folder and deleted after.
 *
 * The compression checks read project.config.json's `setting.minified` / `minifyWXML` / `minifyWXSS`
 * (https://developers.weixin.qq.com/miniprogram/dev/devtools/projectconfig.html) and the lazy-loading
 * check reads app.json's `lazyCodeLoading`
 * (https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html#lazyCodeLoading).
 */
interface CheckResult {
  name: string
  success: boolean
  text?: string
}

/** The scan's checks in miniprogram-ci 2.1.42 (its ci/utils/qualitycheckoption.js, enabled ones). */
const CHECKS = [
  'PACKAGE_SIZE_LIMIT',
  'JS_COMPRESS_OPEN',
  'WXML_COMPRESS_OPEN',
  'WXSS_COMPRESS_OPEN',
  'LAZYCODE_LOADING_OPEN',
  'IMAGE_AND_AUDIO_LIMIT',
  'CONTAINS_OTHER_PKG_JS',
  'CONTAINS_OTHER_PKG_COMPONENTS',
  'CONTAINS_UNUSED_PLUGINS',
  'CONTAINS_UNUSED_COMPONENTS',
  'CONTAINS_UNUSED_CODES',
]

/**
 * In a child process: the scan's file watchers are never closed (the process would not exit), it
 * prints progress to stdout, and a check that throws is counted as passed, with only a
 * console.error — so errors are collected and returned too.
 */
const SCAN = `
const ci = require('miniprogram-ci')
const errors = []
console.error = (...args) => errors.push(args.map((a) => (a && a.stack) || String(a)).join(' '))
const [projectPath, privateKeyPath, appid] = process.argv.slice(1)
ci.checkCodeQuality(new ci.Project({ appid, type: 'miniProgram', projectPath, privateKeyPath }))
  .then((results) => {
    process.stdout.write('\\n@@SCAN@@' + JSON.stringify({ results, errors }) + '\\n', () => process.exit(0))
  })
  .catch((err) => {
    process.stdout.write('\\n@@SCAN@@' + JSON.stringify({ failed: String((err && err.stack) || err), errors }) + '\\n', () => process.exit(0))
  })
`

let keyDir: string
let keyPath: string
let dir: string
const copies: string[] = []

beforeAll(() => {
  dir = ensureBuilt('weapp')
  keyDir = mkdtempSync(path.join(os.tmpdir(), 'wechat-ci-key-'))
  keyPath = path.join(keyDir, 'private.key')
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 })
}, 240_000)

afterAll(() => {
  if (keyDir) rmSync(keyDir, { recursive: true, force: true })
  for (const d of copies) rmSync(d, { recursive: true, force: true })
})

function scan(projectPath: string): { results: CheckResult[]; errors: string[] } {
  const appid = (JSON.parse(readFileSync(path.join(projectPath, 'project.config.json'), 'utf8')) as { appid: string }).appid
  const out = execFileSync(process.execPath, ['-e', SCAN, projectPath, keyPath, appid], {
    cwd: path.resolve(__dirname, '../..'),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  const line = out.split('\n').find((l) => l.startsWith('@@SCAN@@'))
  if (!line) throw new Error(`the code-quality scan printed no result:\n${out.slice(-2000)}`)
  const parsed = JSON.parse(line.slice('@@SCAN@@'.length)) as { results?: CheckResult[]; errors: string[]; failed?: string }
  if (parsed.failed) throw new Error(`checkCodeQuality failed: ${parsed.failed}`)
  return { results: parsed.results!, errors: parsed.errors }
}

function failing(results: CheckResult[]): string[] {
  return results.filter((r) => !r.success).map((r) => r.name)
}

describe("WeChat's code-quality scan of dist/weapp", () => {
  it('passes every check', () => {
    const { results, errors } = scan(dir)
    expect(results.map((r) => r.name).sort()).toEqual([...CHECKS].sort())
    const failed = results.filter((r) => !r.success).map((r) => `${r.name} (${r.text ?? ''})`)
    expect(failed, `failing code-quality checks: ${failed.join(', ')}`).toEqual([])
    // A check that throws counts as passed: make sure none did.
    expect(errors).toEqual([])
  }, 150_000)

  it('flags a build without the compression switches and lazy code loading (what dist/weapp had before)', () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'wechat-quality-'))
    copies.push(copy)
    cpSync(dir, copy, { recursive: true })
    const projectFile = path.join(copy, 'project.config.json')
    const project = JSON.parse(readFileSync(projectFile, 'utf8'))
    project.setting = { ...project.setting, minified: false, minifyWXML: false, minifyWXSS: false }
    writeFileSync(projectFile, JSON.stringify(project))
    const appFile = path.join(copy, 'app.json')
    const { lazyCodeLoading: _dropped, ...app } = JSON.parse(readFileSync(appFile, 'utf8'))
    writeFileSync(appFile, JSON.stringify(app))
    expect(failing(scan(copy).results).sort()).toEqual([
      'JS_COMPRESS_OPEN',
      'LAZYCODE_LOADING_OPEN',
      'WXML_COMPRESS_OPEN',
      'WXSS_COMPRESS_OPEN',
    ])
  }, 150_000)
})
