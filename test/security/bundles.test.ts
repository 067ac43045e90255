import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { DEV_ROOT_ACCESS_KEY_SECRET } from '../../emulator'
import { isNewerThanSources } from '../../scripts/build-freshness'
import { EMULATOR_DEFAULTS } from '../../server/config'

// No long-term key may ship to a device: not in any of the four builds, not in a source map, not in
// the client sources they are built from. Each target is built into its own dist/<target>-sec with
// a canary root key in the build environment (so a config that inlined process.env would be
// caught); its own folder, because the build test may be rebuilding dist/<target> at the same time.
// A -sec build newer than every source is reused.
const ROOT = path.resolve(__dirname, '../..')
const TARGETS = ['weapp', 'alipay', 'dd', 'h5'] as const
const CANARY_SECRET = 'canary-build-secret-4f1c9a7e0b2d'
const LTAI = /LTAI[0-9A-Za-z]{12,30}/
const FORBIDDEN = [
  CANARY_SECRET,
  DEV_ROOT_ACCESS_KEY_SECRET,
  EMULATOR_DEFAULTS.wechatAppSecret,
  EMULATOR_DEFAULTS.dingtalkAppSecret,
  'PRIVATE KEY-----',
]

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name)
    return statSync(p).isDirectory() ? files(p) : [p]
  })
}

function buildDir(target: (typeof TARGETS)[number]): string {
  const own = `dist/${target}-sec`
  if (isNewerThanSources(path.join(ROOT, own, target === 'h5' ? 'index.html' : 'app.json'))) return path.join(ROOT, own)
  execFileSync('npx', ['taro', 'build', '--type', target], {
    cwd: ROOT,
    stdio: 'pipe',
    env: {
      ...process.env,
      NODE_ENV: 'production',
      VIAPI_OUTPUT_ROOT: own,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: CANARY_SECRET,
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'CANARYBUILDID',
    },
  })
  return path.join(ROOT, own)
}

function leaks(paths: string[]): string[] {
  const found: string[] = []
  for (const p of paths) {
    const text = readFileSync(p).toString('latin1')
    if (LTAI.test(text)) found.push(`${p}: LTAI-looking key ${LTAI.exec(text)![0].slice(0, 8)}…`)
    for (const s of FORBIDDEN) if (text.includes(s)) found.push(`${p}: ${s.slice(0, 12)}…`)
  }
  return found
}

describe('no long-term key in any client bundle, source map or client source', () => {
  it.each(TARGETS)(
    'dist/%s (and its source maps) carry no AccessKey, no emulator secret, no private key',
    (target) => {
      const all = files(buildDir(target))
      expect(all.some((f) => /\.(js|html)$/.test(f))).toBe(true)
      expect(leaks(all)).toEqual([])
      for (const map of all.filter((f) => f.endsWith('.map'))) expect(leaks([map])).toEqual([])
    },
    240_000,
  )

  it('the client sources (src/) name no secret and read no secret variable', () => {
    const sources = files(path.join(ROOT, 'src')).filter((f) => /\.(ts|tsx|js)$/.test(f))
    expect(sources.length).toBeGreaterThan(20)
    expect(leaks(sources)).toEqual([])
    const readsSecret = sources.filter((f) =>
      /process\.env\.(ALIBABA_CLOUD|SESSION_SECRET|WECHAT_SECRET|DINGTALK_APPSECRET|ALIPAY_PRIVATE)/.test(readFileSync(f, 'utf8')),
    )
    expect(readsSecret).toEqual([])
  })

  it('the scanner itself finds a planted key (so a pass above means something)', () => {
    const planted = path.join(ROOT, 'test/security/bundles.test.ts')
    // This file names the canary and the PEM marker literally.
    expect(leaks([planted]).map((l) => l.split(': ')[1])).toEqual(
      expect.arrayContaining([`${CANARY_SECRET.slice(0, 12)}…`, 'PRIVATE KEY-…']),
    )
  })
})
