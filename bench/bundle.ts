import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Plugin } from 'esbuild'
import { fmt, type Row } from './types'

const ROOT = resolve(__dirname, '..')
const TARGET_GZIP = 12 * 1024

// What the app imports from the core on each platform (src/services, src/hooks): the kit, the
// backend credential source, errors, limits, login helper, and one transport per platform.
const COMMON = 'createClock, createViapiKit, fromBackend, createAbortController, getLoginCode, IMAGE_LIMITS, KitError, NetworkError, ServiceError, InputError, CredentialsError'
const ENTRIES: Record<string, string> = {
  weapp: `export { ${COMMON}, createMiniProgramTransport } from './src/lib'`,
  alipay: `export { ${COMMON}, createMiniProgramTransport } from './src/lib'`,
  dd: `export { ${COMMON}, createMiniProgramTransport } from './src/lib'`,
  h5: `export { ${COMMON}, createTaroTransport } from './src/lib'`,
  'whole core (src/lib/index.ts)': `export * from './src/lib'`,
}

// The naive way: `import CryptoJS from 'crypto-js'` and call CryptoJS.HmacSHA1 etc. Every
// `crypto-js/<module>` import of the core is redirected to a property of the whole library.
const NAMES: Record<string, string> = {
  'hmac-sha1': 'HmacSHA1', 'hmac-sha256': 'HmacSHA256', sha256: 'SHA256', 'enc-hex': 'enc.Hex', 'enc-base64': 'enc.Base64',
}
const naiveCryptoJs: Plugin = {
  name: 'naive-crypto-js',
  setup(b) {
    b.onResolve({ filter: /^crypto-js\/[a-z0-9-]+$/ }, (args) => ({ path: args.path, namespace: 'naive' }))
    b.onLoad({ filter: /.*/, namespace: 'naive' }, (args) => {
      const name = NAMES[args.path.slice('crypto-js/'.length)]
      if (!name) throw new Error(`no naive mapping for ${args.path}`)
      return { contents: `import CryptoJS from 'crypto-js'\nexport default CryptoJS.${name}`, resolveDir: ROOT, loader: 'js' }
    })
  },
}

async function gzipSize(contents: string, naive: boolean): Promise<{ min: number; gz: number; top: string[] }> {
  const out = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true, minify: true, write: false, format: 'esm', target: 'es2017', platform: 'browser',
    treeShaking: true, logLevel: 'silent', metafile: true, plugins: naive ? [naiveCryptoJs] : [],
  })
  const code = out.outputFiles[0].contents
  // Largest inputs (minified bytes), so a size regression names its cause.
  const inputs = Object.values(out.metafile!.outputs)[0]?.inputs ?? {}
  const top = Object.entries(inputs).sort((a, b) => b[1].bytesInOutput - a[1].bytesInOutput).slice(0, 6)
    .map(([file, v]) => `${file.replace(/^node_modules\//, '')} ${fmt.kb(v.bytesInOutput)}`)
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length, top }
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    return statSync(p).isDirectory() ? jsFiles(p) : name.endsWith('.js') ? [p] : []
  })
}

/** Bytes the core adds per platform (esbuild, minified, ES2017, gzip -9) vs the naive crypto-js import. */
export async function bundleCost(): Promise<Row[]> {
  const rows: Row[] = []
  for (const [platform, entry] of Object.entries(ENTRIES)) {
    const ours = await gzipSize(entry, false)
    const naive = await gzipSize(entry, true)
    rows.push({
      section: 'Bundle',
      metric: `core in ${platform} (min + gzip)`,
      baseline: `${fmt.kb(naive.gz)} (whole crypto-js; ${fmt.kb(naive.min)} min)`,
      ours: `${fmt.kb(ours.gz)} (${fmt.kb(ours.min)} min)`,
      ratio: `${fmt.x(naive.gz / ours.gz)} smaller`,
      target: '≤ 12 KB gzip',
      pass: ours.gz <= TARGET_GZIP,
    })
    if (platform === 'weapp') {
      rows.push({ section: 'Bundle', metric: 'largest inputs of the weapp core (min, before gzip)', baseline: '—', ours: ours.top.join(', '), ratio: '' })
    }
  }
  // The real builds, whole app (Taro runtime + React + pages + core), if they have been built.
  for (const target of ['weapp', 'alipay', 'dd', 'h5']) {
    const dir = join(ROOT, 'dist', target)
    if (!existsSync(dir)) {
      rows.push({ section: 'Bundle', metric: `dist/${target} total JS`, baseline: '—', ours: 'not built (run npm run build:' + target + ')', ratio: '' })
      continue
    }
    let min = 0
    let gz = 0
    for (const f of jsFiles(dir)) {
      const bytes = readFileSync(f)
      min += bytes.length
      gz += gzipSync(bytes, { level: 9 }).length
    }
    rows.push({ section: 'Bundle', metric: `dist/${target} total JS (whole app, as built)`, baseline: '—', ours: `${fmt.kb(gz)} gzip (${fmt.kb(min)} min)`, ratio: '' })
  }
  return rows
}
