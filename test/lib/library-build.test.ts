import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import vm from 'node:vm'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build } from 'esbuild'
import { buildLib, LIB_NAME, markCommonJsWrappersPure, SUBPATHS, writeStandalone, type BuiltLib } from '../../scripts/build-lib'
import * as core from '../../src/lib'
import * as signing from '../../src/lib/signing'
import { newerThanEs2015 } from './es2015-syntax'

/**
 * `npm run build:lib` (scripts/build-lib.ts): the core as a package a mini program or a Node
 * project can use. Built into a temp folder, then installed into a temp consumer project's
 * node_modules, the way a user would get it.
 */
const ROOT = path.resolve(__dirname, '../..')
const EXPORTS = Object.keys(core).sort()

let work: string
let lib: BuiltLib
let standalone: string
let consumer: string

/** Each subpath's names, as the source entry (src/lib/<name>/index.ts) exports them. */
async function sourceExports(): Promise<Record<string, string[]>> {
  const entries = await Promise.all(SUBPATHS.map(async (name) => [name, Object.keys(await import(`../../src/lib/${name}/index`)).sort()]))
  return Object.fromEntries(entries)
}

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'viapi-lib-'))
  lib = await buildLib(path.join(work, 'lib'))
  standalone = await writeStandalone(path.join(work, 'native'))
  consumer = path.join(work, 'consumer')
  mkdirSync(path.join(consumer, 'node_modules/@types'), { recursive: true })
  cpSync(lib.dir, path.join(consumer, 'node_modules', LIB_NAME), { recursive: true })
  // The package's one dependency (types only), as npm would install it.
  symlinkSync(path.join(ROOT, 'node_modules/@types/crypto-js'), path.join(consumer, 'node_modules/@types/crypto-js'), 'dir')
  writeFileSync(path.join(consumer, 'package.json'), '{ "name": "consumer", "private": true }\n')
}, 60_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

/** Every ES module file (entries and chunks), the CommonJS core and the standalone file. */
const bundles = (): Array<readonly [string, string]> => {
  const esmDir = path.join(lib.dir, 'esm')
  const esm = [...readdirSync(esmDir), ...readdirSync(path.join(esmDir, 'chunks')).map((f) => `chunks/${f}`)].filter((f) =>
    f.endsWith('.js'),
  )
  return [
    ...esm.map((f) => [`esm/${f}`, readFileSync(path.join(esmDir, f), 'utf8')] as const),
    ['cjs/core.js', readFileSync(lib.cjsCore, 'utf8')],
    ['standalone', readFileSync(standalone, 'utf8')],
  ]
}

describe('the library bundles', () => {
  it('the ES2015 check bites on newer syntax', async () => {
    expect(await newerThanEs2015('const a = { ...b }; f(a?.c)')).not.toEqual([])
    expect(await newerThanEs2015('async function f() { await g() }')).not.toEqual([])
    expect(await newerThanEs2015('const r = /(?<y>\\d{4})/')).not.toEqual([])
    expect(await newerThanEs2015('const f = function* () { yield [...a] }; class A {}')).toEqual([])
  })

  it('are ES2015 syntax', async () => {
    for (const [format, code] of bundles()) expect(await newerThanEs2015(code), format).toEqual([])
  })

  it('require no module, and read no Node, Taro or build-time global', () => {
    for (const [format, code] of bundles()) {
      expect(code, format).not.toMatch(/\brequire\(\s*["'`]/)
      expect(code, format).not.toMatch(/node:/)
      expect(code, format).not.toMatch(/process\.env|\bBuffer\b|__dirname/)
      // createTaroTransport takes Taro as an argument; the bundle must not pull Taro in.
      expect(code, format).not.toMatch(/@tarojs\//)
    }
    expect(readFileSync(lib.esm, 'utf8')).toMatch(/^export \{/m)
    expect(readFileSync(lib.cjsCore, 'utf8')).not.toMatch(/^export /m)
    // An entry's CommonJS file only picks names from the one core, so every entry shares its classes.
    for (const name of ['index', ...SUBPATHS]) {
      const code = readFileSync(path.join(lib.dir, 'cjs', `${name}.js`), 'utf8')
      expect(
        [...code.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]),
        name,
      ).toEqual(["'./core.js'"])
    }
  })

  it('the CommonJS files load where only ECMAScript and timers exist, as in a mini program, and sign like the core', () => {
    // What the platforms' JS engines give a page: no window, process, require, fetch or URL.
    const context = vm.createContext({ console, setTimeout, clearTimeout })
    const load = (file: string) => {
      const module = { exports: {} as Record<string, unknown> }
      vm.runInContext(`(function (module, exports) {${readFileSync(file, 'utf8')}\n})`, context)(module, module.exports)
      return module.exports
    }
    // The native example's one file carries the main entry and nothing else.
    expect(Object.keys(load(standalone)).sort()).toEqual(EXPORTS)
    const m = load(lib.cjsCore) as unknown as typeof signing
    const policy = m.encodePostPolicy({
      expiration: '2026-11-23T12:00:00.000Z',
      conditions: [{ bucket: 'b' }, ['content-length-range', 1, 10]],
    })
    expect(policy).toBe(
      signing.encodePostPolicy({ expiration: '2026-11-23T12:00:00.000Z', conditions: [{ bucket: 'b' }, ['content-length-range', 1, 10]] }),
    )
    expect(m.ossPolicySignatureV4(policy, 'secret', '20261123', 'cn-shanghai')).toBe(
      signing.ossPolicySignatureV4(policy, 'secret', '20261123', 'cn-shanghai'),
    )
    expect(m.sha256Hex('abc')).toBe(signing.sha256Hex('abc'))
  })
})

describe('the package', () => {
  const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: consumer, encoding: 'utf8' })

  it('Node takes each subpath with require and with import, with the names its source entry exports and one KitError', async () => {
    const expected = await sourceExports()
    for (const name of SUBPATHS) {
      const id = `${LIB_NAME}/${name}`
      const required = JSON.parse(node(['-e', `console.log(JSON.stringify(Object.keys(require('${id}')).sort()))`]))
      const imported = JSON.parse(
        node(['--input-type=module', '-e', `import * as m from '${id}'; console.log(JSON.stringify(Object.keys(m).sort()))`]),
      )
      expect([name, required], 'require').toEqual([name, expected[name]])
      expect([name, imported], 'import').toEqual([name, expected[name]])
    }
    // A subpath's error class extends the main entry's, in both module systems.
    const same = `m.SignatureMismatchError.prototype instanceof main.ServiceError`
    expect(node(['-e', `const main = require('${LIB_NAME}'); const m = require('${LIB_NAME}/rpc'); console.log(${same})`]).trim()).toBe(
      'true',
    )
    const esm = `import * as main from '${LIB_NAME}'; import * as m from '${LIB_NAME}/rpc'; console.log(${same})`
    expect(node(['--input-type=module', '-e', esm]).trim()).toBe('true')
  })

  it('Node takes it by name with require and with import, with the same exports as src/lib/index.ts', () => {
    const required = JSON.parse(node(['-e', `console.log(JSON.stringify(Object.keys(require('${LIB_NAME}')).sort()))`]))
    const imported = JSON.parse(
      node(['--input-type=module', '-e', `import * as m from '${LIB_NAME}'; console.log(JSON.stringify(Object.keys(m).sort()))`]),
    )
    expect(required).toEqual(EXPORTS)
    expect(imported).toEqual(EXPORTS)
    // Each condition gets its own file (ESM is not a wrapper around the CommonJS build).
    expect(node(['-e', `console.log(require.resolve('${LIB_NAME}'))`]).trim()).toBe(
      path.join(consumer, 'node_modules', LIB_NAME, 'cjs/index.js'),
    )
  })

  it('an app bundling the ES module links SHA-1 only when it passes a V1 signer (crypto-js wrappers are marked pure)', async () => {
    // The app's bundler, here esbuild as a consumer would run it, over the installed package.
    const appBundle = async (names: string) => {
      const out = await build({
        stdin: { contents: `export { ${names} } from '${LIB_NAME}'`, resolveDir: consumer, loader: 'js' },
        bundle: true,
        minify: true,
        write: false,
        format: 'esm',
        logLevel: 'silent',
      })
      return out.outputFiles[0].text
    }
    const sts = await appBundle('createKitCore, createMiniProgramTransport, wechatPlatform')
    const v1 = await appBundle('createKitCore, createMiniProgramTransport, wechatPlatform, ossV1FormSigner')
    expect([sts.includes('HmacSHA1'), sts.includes('HmacSHA256')]).toEqual([false, true])
    expect(v1.includes('HmacSHA1')).toBe(true)
    // Without the marks every bundled crypto-js module stays (what the unmarked bundle does).
    expect(markCommonJsWrappersPure('var require_a = __commonJS({});\nvar import_a = __toESM(require_a());')).toBe(
      'var require_a = /* @__PURE__ */ __commonJS({});\nvar import_a = /* @__PURE__ */ __toESM(/* @__PURE__ */ require_a());',
    )
    expect(() => markCommonJsWrappersPure('var a = 1')).toThrow(/__commonJS/)
  })

  it("its package.json points WeChat's npm build and both module systems at the bundles", () => {
    const pkg = JSON.parse(readFileSync(lib.packageJson, 'utf8'))
    expect(pkg).toMatchObject({ name: LIB_NAME, main: './cjs/index.js', module: './esm/index.js', miniprogram: 'cjs' })
    expect(pkg.exports['.'].import.default).toBe('./esm/index.js')
    expect(pkg.exports['.'].require.default).toBe('./cjs/index.js')
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './package.json', ...SUBPATHS.map((n) => `./${n}`)].sort())
    for (const name of SUBPATHS) expect(pkg.exports[`./${name}`].require.default).toBe(`./cjs/${name}.js`)
  })

  it('its types compile for a consumer, as ES module and as CommonJS, with full library checking', () => {
    const use = `
      import { createMiniProgramTransport, createViapiKit, fromBackend, KitError, recognizeBankCardOperation, wechatPlatform } from '${LIB_NAME}'
      import type { BankCardResult, MiniProgramGlobal } from '${LIB_NAME}'
      import { sha256Hex } from '${LIB_NAME}/signing'
      export const digest: string = sha256Hex('abc')
      declare const wx: MiniProgramGlobal
      const transport = createMiniProgramTransport(wx, wechatPlatform)
      const kit = createViapiKit({ transport, grants: fromBackend({ transport, backendUrl: 'https://api.example.com', getSessionToken: async () => 't' }) })
      export async function run(): Promise<string> {
        try {
          const card: BankCardResult = await kit.recognize(recognizeBankCardOperation, { path: 'wxfile://a.jpg', contentType: 'image/jpeg', size: 1 })
          return card.cardNumber
        } catch (err) {
          return err instanceof KitError ? err.code : 'unknown'
        }
      }
      // @ts-expect-error: the types are real, not any.
      kit.recognize(recognizeBankCardOperation, 42)
    `
    writeFileSync(path.join(consumer, 'esm.mts'), use)
    writeFileSync(path.join(consumer, 'cjs.cts'), use)
    const program = ts.createProgram([path.join(consumer, 'esm.mts'), path.join(consumer, 'cjs.cts')], {
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      target: ts.ScriptTarget.ES2020,
      lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: [],
    })
    const diagnostics = ts.getPreEmitDiagnostics(program)
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => consumer, getNewLine: () => '\n' }
    expect(ts.formatDiagnostics(diagnostics, host)).toBe('')
    // Resolved through `exports`: each mode got its own entry.
    const files = program.getSourceFiles().map((f) => path.relative(path.join(consumer, 'node_modules', LIB_NAME), f.fileName))
    expect(files).toEqual(
      expect.arrayContaining(['esm/index.d.ts', 'cjs/index.d.ts', 'types/index.d.ts', 'esm/signing.d.ts', 'cjs/signing.d.ts']),
    )
  })
})
