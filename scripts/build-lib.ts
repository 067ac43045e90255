/**
 * `npm run build:lib`: the core (src/lib) as a library any mini program can use, Taro or not, in
 * `dist/lib/`:
 *
 *   package.json              name, `exports` (the main entry and one subpath per specialist area,
 *                             each: import → esm, require → cjs, types for each), `miniprogram`
 *   esm/<entry>.js            ES modules (esm/package.json says `"type": "module"`), split into
 *                             shared chunks so every entry sees one KitError class
 *   cjs/core.js               CommonJS: the whole core once; cjs/<entry>.js picks an entry's names
 *                             from it (what a mini program's `require()` and WeChat's "build npm" take)
 *   {cjs,esm}/<entry>.d.ts    the types, re-exporting types/** (tsc, tsconfig.lib.json)
 *
 * Entries: `index` (the main entry: kit, operations, platforms, errors) and the subpaths in
 * `SUBPATHS` (docs/library.md#entry-points); test/lib/public-surface.test.ts keeps the lists.
 *
 * The bundles are ES2015 syntax: the oldest every runtime we target parses without its own
 * compile step (WeChat, Alipay and DingTalk base libraries all run ES2015; async functions become
 * generators, `?.`/`??`/spread become helpers). crypto-js is bundled in, only the modules the core
 * imports, so no package of ours reaches the user's build. No minification: the platforms' upload
 * tools minify, and readable stack traces help whoever debugs a phone.
 *
 * `--copy-to <dir>`: also writes the main entry as one standalone CommonJS file,
 * `<dir>/viapi-kit.js`, for a native mini program without npm (`npm run build:example-weapp`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { build, type BuildOptions, type Plugin } from 'esbuild'
import ts from 'typescript'

const ROOT = path.resolve(__dirname, '..')

/** The name the library is published under. */
export const LIB_NAME = 'viapi-miniprogram-core'

/** The package's subpaths (`viapi-miniprogram-core/<name>`), each `src/lib/<name>/index.ts`. */
export const SUBPATHS = ['signing', 'image', 'rpc', 'oss', 'credentials', 'operations', 'platform', 'transport'] as const

/** Every entry: `index` (the main entry, src/lib/index.ts) and the subpaths. */
const ENTRIES: Record<string, string> = {
  index: path.join(ROOT, 'src/lib/index.ts'),
  ...Object.fromEntries(SUBPATHS.map((name) => [name, path.join(ROOT, 'src/lib', name, 'index.ts')])),
}

/** What `buildLib` wrote, relative paths resolved. */
export interface BuiltLib {
  dir: string
  /** The main entry's ES module and CommonJS file. */
  esm: string
  cjs: string
  /** The CommonJS file holding the whole core, which every cjs/<entry>.js reads. */
  cjsCore: string
  /** Each entry's exported names, as the ES build reports them. */
  exports: Record<string, string[]>
  packageJson: string
}

/**
 * crypto-js probes `require('crypto')` for random numbers (only `WordArray.random` uses them,
 * which the core never calls). Left in, the bundle would carry a `require` of a Node built-in that
 * WeChat's packer tries to resolve: it gets an empty module instead, so crypto-js finds none.
 */
const noNodeCrypto: Plugin = {
  name: 'no-node-crypto',
  setup(b) {
    b.onResolve({ filter: /^crypto$/ }, () => ({ path: 'crypto', namespace: 'no-node-crypto' }))
    b.onLoad({ filter: /.*/, namespace: 'no-node-crypto' }, () => ({ contents: 'module.exports = undefined', loader: 'js' }))
  },
}

/**
 * Marks the bundled crypto-js modules side-effect free for the app's bundler. esbuild wraps each
 * CommonJS module as `var require_x = __commonJS({…})` and loads it at the top as
 * `var import_x = __toESM(require_x())`; to a bundler reading our ES module those are calls that
 * may do anything, so it keeps every crypto-js module, even SHA-1 when the app passes neither V1
 * signer. A `@__PURE__` annotation (honoured by esbuild, Rollup, Terser and so webpack) lets it drop
 * the ones whose result is unused. Nothing else relies on their effect: each crypto-js module
 * only registers itself on crypto-js's core object, which the core never reads by name (every
 * use imports its module). Throws when the pattern is missing, so an esbuild change cannot
 * silently undo it (test/lib/library-build.test.ts also checks an app's bundle drops SHA-1).
 */
export function markCommonJsWrappersPure(code: string): string {
  const { out, wrappers } = markPure(code)
  if (wrappers === 0) throw new Error('build-lib: no `= __commonJS(` wrapper found to mark pure; has the esbuild output changed?')
  return out
}

/** The marks of markCommonJsWrappersPure on one file of a split build, which may hold none. */
function markPure(code: string): { out: string; wrappers: number } {
  let wrappers = 0
  const out = code
    .replace(/= __commonJS\(/g, () => {
      wrappers++
      return '= /* @__PURE__ */ __commonJS('
    })
    .replace(/= __toESM\((require_[\w$]+)\(\)\)/g, '= /* @__PURE__ */ __toESM(/* @__PURE__ */ $1())')
  return { out, wrappers }
}

const COMMON: BuildOptions = {
  bundle: true,
  target: 'es2015',
  // No Node or browser assumptions: only ECMAScript and what the code itself feature-tests.
  platform: 'neutral',
  mainFields: ['module', 'main'],
  plugins: [noNodeCrypto],
  logLevel: 'warning',
}

/** The ES modules: one file per entry, shared code in chunks; returns each entry's exports. */
async function bundleEsm(outdir: string, banner: string): Promise<Record<string, string[]>> {
  const out = await build({
    ...COMMON,
    entryPoints: ENTRIES,
    outdir,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: banner },
    metafile: true,
  })
  const exports: Record<string, string[]> = {}
  let wrappers = 0
  for (const [file, output] of Object.entries(out.metafile.outputs)) {
    if (!file.endsWith('.js')) continue
    const entry = Object.entries(ENTRIES).find(([, source]) => output.entryPoint && path.resolve(ROOT, output.entryPoint) === source)
    if (entry) exports[entry[0]] = [...output.exports].sort()
    // Only the ES modules: bundlers tree-shake them; the CommonJS files are for `require` without one.
    // A chunk defines the wrappers; each entry and chunk that loads one calls `__toESM(require_x())`.
    const marked = markPure(readFileSync(path.resolve(ROOT, file), 'utf8'))
    writeFileSync(path.resolve(ROOT, file), marked.out)
    wrappers += marked.wrappers
  }
  if (wrappers === 0) throw new Error('build-lib: no chunk holds the crypto-js wrappers; has the esbuild output changed?')
  return exports
}

/** One CommonJS bundle of `contents` (an entry's source, resolved from src/lib). */
async function bundleCjs(contents: string, outfile: string, banner: string): Promise<void> {
  await build({
    ...COMMON,
    stdin: { contents, resolveDir: path.join(ROOT, 'src/lib'), loader: 'ts' },
    outfile,
    format: 'cjs',
    banner: { js: banner },
  })
}

/** cjs/<entry>.js: an entry's names, read from cjs/core.js so every entry shares its classes. */
function cjsPick(names: string[]): string {
  return `'use strict'\nvar core = require('./core.js')\n${names.map((n) => `exports.${n} = core.${n}`).join('\n')}\n`
}

/** tsc declarations of src/lib into `<dir>/types`; throws with tsc's messages. */
function emitDeclarations(typesDir: string): void {
  const configPath = path.join(ROOT, 'tsconfig.lib.json')
  const read = ts.readConfigFile(configPath, ts.sys.readFile)
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'))
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, { declarationDir: typesDir }, configPath)
  const program = ts.createProgram(parsed.fileNames, parsed.options)
  const result = program.emit()
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics]
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' }
    throw new Error(`tsc could not emit the core's declarations:\n${ts.formatDiagnostics(diagnostics, host)}`)
  }
}

/** `exports` of the published package.json: each entry, for `import` and `require`, with its types. */
function exportsMap(): Record<string, unknown> {
  const condition = (name: string) => ({
    import: { types: `./esm/${name}.d.ts`, default: `./esm/${name}.js` },
    require: { types: `./cjs/${name}.d.ts`, default: `./cjs/${name}.js` },
  })
  return {
    '.': condition('index'),
    ...Object.fromEntries(SUBPATHS.map((name) => [`./${name}`, condition(name)])),
    './package.json': './package.json',
  }
}

/** The published package.json; `@types/crypto-js` because one export returns a crypto-js type. */
function packageJson(version: string, cryptoJsTypes: string): Record<string, unknown> {
  return {
    name: LIB_NAME,
    version,
    description:
      'Upload photos from WeChat, Alipay and DingTalk mini programs to Alibaba Cloud OSS with STS credentials and call Alibaba Cloud vision APIs.',
    main: './cjs/index.js',
    module: './esm/index.js',
    types: './cjs/index.d.ts',
    exports: exportsMap(),
    // WeChat's "build npm" copies this folder into miniprogram_npm/<name>/: `require('<name>')`
    // takes its index.js, `require('<name>/other')` its other.js (no `exports` map is read):
    // https://developers.weixin.qq.com/miniprogram/dev/devtools/npm.html
    miniprogram: 'cjs',
    sideEffects: false,
    files: ['cjs', 'esm', 'types'],
    dependencies: { '@types/crypto-js': cryptoJsTypes },
  }
}

/** Builds the library into `dir` (default dist/lib), replacing what was there. */
export async function buildLib(dir = path.join(ROOT, 'dist/lib')): Promise<BuiltLib> {
  const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string
    dependencies: Record<string, string>
    devDependencies: Record<string, string>
  }
  const version = root.version
  const banner = `/*! ${LIB_NAME} ${version}. Bundles crypto-js ${root.dependencies['crypto-js']} (MIT). */`
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(path.join(dir, 'cjs'), { recursive: true })
  const exports = await bundleEsm(path.join(dir, 'esm'), banner)
  const everything = Object.keys(ENTRIES).map((name) => `export * from './${name === 'index' ? 'index' : `${name}/index`}'`)
  const cjsCore = path.join(dir, 'cjs/core.js')
  await bundleCjs(everything.join('\n'), cjsCore, banner)
  emitDeclarations(path.join(dir, 'types'))
  writeFileSync(path.join(dir, 'esm/package.json'), '{ "type": "module" }\n')
  for (const name of Object.keys(ENTRIES)) {
    const types = name === 'index' ? 'index' : `${name}/index`
    writeFileSync(path.join(dir, `cjs/${name}.js`), cjsPick(exports[name]))
    writeFileSync(path.join(dir, `esm/${name}.d.ts`), `export * from '../types/${types}.js'\n`)
    writeFileSync(path.join(dir, `cjs/${name}.d.ts`), `export * from '../types/${types}'\n`)
  }
  const pkg = path.join(dir, 'package.json')
  writeFileSync(pkg, `${JSON.stringify(packageJson(version, root.devDependencies['@types/crypto-js']), null, 2)}\n`)
  return { dir, esm: path.join(dir, 'esm/index.js'), cjs: path.join(dir, 'cjs/index.js'), cjsCore, exports, packageJson: pkg }
}

/** Bundles the main entry as one standalone CommonJS file, `<dir>/viapi-kit.js`; returns its path. */
export async function writeStandalone(targetDir: string): Promise<string> {
  const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  mkdirSync(targetDir, { recursive: true })
  const file = path.join(targetDir, 'viapi-kit.js')
  await bundleCjs(`export * from './index'`, file, `/*! ${LIB_NAME} ${root.version}, main entry, standalone. Bundles crypto-js (MIT). */`)
  return file
}

async function main(): Promise<void> {
  const lib = await buildLib()
  const entries = Object.keys(lib.exports).join(', ')
  process.stdout.write(`built ${path.relative(ROOT, lib.dir)}/ (${LIB_NAME}): entries ${entries}; esm, cjs, types, package.json\n`)
  const at = process.argv.indexOf('--copy-to')
  if (at >= 0) {
    const target = process.argv[at + 1]
    if (!target) throw new Error('--copy-to needs a folder')
    process.stdout.write(
      `wrote the standalone CommonJS main entry to ${path.relative(ROOT, await writeStandalone(path.resolve(target)))}\n`,
    )
  }
}
if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`build:lib failed: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
}
