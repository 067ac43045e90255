/**
 * `npm run build:lib`: the core (src/lib) as a library any mini program can use, Taro or not, in
 * `dist/lib/`:
 *
 *   package.json         name, `exports` (import → esm, require → cjs, types for each), `miniprogram`
 *   cjs/index.js         CommonJS: what a mini program's `require()` and WeChat's "build npm" take
 *   esm/index.js         ES module (esm/package.json says `"type": "module"`), for bundlers and Node
 *   {cjs,esm}/index.d.ts the types, re-exporting types/** (tsc, tsconfig.lib.json)
 *
 * Both bundles are ES2015 syntax: the oldest every runtime we target parses without its own
 * compile step (WeChat, Alipay and DingTalk base libraries all run ES2015; async functions become
 * generators, `?.`/`??`/spread become helpers). crypto-js is bundled in, only the
 * modules the core imports: a native mini program without npm support can then copy one file and
 * `require` it, and no package of ours reaches the user's build. No minification: the platforms'
 * upload tools minify, and readable stack traces help whoever debugs a phone.
 *
 * `--copy-to <dir>`: also copies the CommonJS bundle to `<dir>/viapi-kit.js` (the native WeChat
 * example: `npm run build:example-weapp`).
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { build, type Plugin } from 'esbuild'
import ts from 'typescript'

const ROOT = path.resolve(__dirname, '..')

/** The name the library is published under. */
export const LIB_NAME = 'viapi-miniprogram-core'

/** What `buildLib` wrote, relative paths resolved. */
export interface BuiltLib {
  dir: string
  esm: string
  cjs: string
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
  let wrappers = 0
  const out = code
    .replace(/= __commonJS\(/g, () => {
      wrappers++
      return '= /* @__PURE__ */ __commonJS('
    })
    .replace(/= __toESM\((require_[\w$]+)\(\)\)/g, '= /* @__PURE__ */ __toESM(/* @__PURE__ */ $1())')
  if (wrappers === 0) throw new Error('build-lib: no `= __commonJS(` wrapper found to mark pure; has the esbuild output changed?')
  return out
}

async function bundle(format: 'esm' | 'cjs', outfile: string, banner: string): Promise<void> {
  await build({
    entryPoints: [path.join(ROOT, 'src/lib/index.ts')],
    outfile,
    bundle: true,
    format,
    target: 'es2015',
    // No Node or browser assumptions: only ECMAScript and what the code itself feature-tests.
    platform: 'neutral',
    mainFields: ['module', 'main'],
    plugins: [noNodeCrypto],
    banner: { js: banner },
    logLevel: 'warning',
  })
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
    exports: {
      '.': {
        import: { types: './esm/index.d.ts', default: './esm/index.js' },
        require: { types: './cjs/index.d.ts', default: './cjs/index.js' },
      },
      './package.json': './package.json',
    },
    // WeChat's "build npm" copies this folder into miniprogram_npm/<name>/ as it is.
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
  mkdirSync(path.join(dir, 'esm'), { recursive: true })
  mkdirSync(path.join(dir, 'cjs'), { recursive: true })
  const esm = path.join(dir, 'esm/index.js')
  const cjs = path.join(dir, 'cjs/index.js')
  await Promise.all([bundle('esm', esm, banner), bundle('cjs', cjs, banner)])
  // Only the ES module: bundlers tree-shake it; the CommonJS file is for `require` without one.
  writeFileSync(esm, markCommonJsWrappersPure(readFileSync(esm, 'utf8')))
  emitDeclarations(path.join(dir, 'types'))
  writeFileSync(path.join(dir, 'esm/package.json'), '{ "type": "module" }\n')
  writeFileSync(path.join(dir, 'esm/index.d.ts'), "export * from '../types/index.js'\n")
  writeFileSync(path.join(dir, 'cjs/index.d.ts'), "export * from '../types/index'\n")
  const pkg = path.join(dir, 'package.json')
  writeFileSync(pkg, `${JSON.stringify(packageJson(version, root.devDependencies['@types/crypto-js']), null, 2)}\n`)
  return { dir, esm, cjs, packageJson: pkg }
}

/** Copies the CommonJS bundle into a mini program's folder as `viapi-kit.js`; returns its path. */
export function copyLibInto(targetDir: string, lib: BuiltLib): string {
  mkdirSync(targetDir, { recursive: true })
  const file = path.join(targetDir, 'viapi-kit.js')
  copyFileSync(lib.cjs, file)
  return file
}

async function main(): Promise<void> {
  const lib = await buildLib()
  process.stdout.write(`built ${path.relative(ROOT, lib.dir)}/ (${LIB_NAME}): esm/index.js, cjs/index.js, types, package.json\n`)
  const at = process.argv.indexOf('--copy-to')
  if (at >= 0) {
    const target = process.argv[at + 1]
    if (!target) throw new Error('--copy-to needs a folder')
    process.stdout.write(`copied the CommonJS bundle to ${path.relative(ROOT, copyLibInto(path.resolve(target), lib))}\n`)
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`build:lib failed: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
}
