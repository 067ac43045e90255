/**
 * `npm run build:server`: the backend as one file, `dist/server/main.cjs`, that starts with
 * `node main.cjs` on Node 22 or 24 with nothing installed beside it. Fastify, ioredis, alipay-sdk
 * and the official Alibaba Cloud SDKs (@alicloud/sts20150401, @alicloud/credentials) are bundled
 * in: none of them loads a native addon or reads its own files at run time, so no package.json
 * of dependencies is needed. Configuration stays environment-only (server/config); nothing from
 * `.env` or the build machine is baked in.
 *
 * CommonJS rather than an ES module: several bundled packages use `__dirname` and `require` at
 * run time (ioredis's friendly stack traces, pino's transports), which an ES module lacks.
 *
 * `--sourcemap` also writes `main.cjs.map` (run with `node --enable-source-maps`); off by
 * default, since the bundle is not minified and its stack traces already name readable code.
 * `--outdir <dir>` builds somewhere other than dist/server (the tests build into a temp folder).
 */
import { mkdirSync, rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { build, type Metafile } from 'esbuild'

const ROOT = path.resolve(__dirname, '..')

/** The entry file's name inside the output folder: what `node <name>` starts. */
export const SERVER_ENTRY = 'main.cjs'

/** The oldest Node the artifact is built for; engines in package.json names 22 and 24. */
export const SERVER_NODE_TARGET = 'node22'

export interface BundleServerOptions {
  /** Default: dist/server. Emptied first. */
  outdir?: string
  /** Also write `main.cjs.map`. */
  sourcemap?: boolean
}

export interface BuiltServer {
  dir: string
  entry: string
  bytes: number
  /** What esbuild read, for the size report (bench/server-artifact.ts). */
  metafile: Metafile
}

/** Bundles server/main.ts into `<outdir>/main.cjs`, replacing what was in `outdir`. */
export async function bundleServer(options: BundleServerOptions = {}): Promise<BuiltServer> {
  const dir = path.resolve(options.outdir ?? path.join(ROOT, 'dist/server'))
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const entry = path.join(dir, SERVER_ENTRY)
  const result = await build({
    entryPoints: [path.join(ROOT, 'server/main.ts')],
    outfile: entry,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: SERVER_NODE_TARGET,
    sourcemap: options.sourcemap ? 'linked' : false,
    // Licences of the bundled packages stay in the file, at its end.
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
  })
  return { dir, entry, bytes: statSync(entry).size, metafile: result.metafile }
}

function parseArgs(argv: string[]): BundleServerOptions {
  const options: BundleServerOptions = {}
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--sourcemap') options.sourcemap = true
    else if (argv[i] === '--outdir' && argv[i + 1]) options.outdir = argv[++i]
    else throw new Error(`build-server: unknown argument ${argv[i]}; known: --sourcemap, --outdir <dir>`)
  }
  return options
}

if (require.main === module) {
  bundleServer(parseArgs(process.argv.slice(2))).then(
    (built) => {
      const rel = path.relative(process.cwd(), built.entry)
      process.stdout.write(`wrote ${rel} (${(built.bytes / 1024 / 1024).toFixed(2)} MB); run it with: node ${rel}\n`)
    },
    (err) => {
      process.stderr.write(`build-server failed: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    },
  )
}
