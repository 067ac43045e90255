import { spawn } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { bundleServer, SERVER_ENTRY } from '../scripts/build-server'
import { fmt, type Row } from './types'

const ROOT = path.resolve(__dirname, '..')

/** The package folder (`…/node_modules/name` or `…/node_modules/@scope/name`) a bundled file came from. */
function packageDir(file: string): string | undefined {
  const at = file.lastIndexOf('/node_modules/')
  if (at < 0) return undefined
  const [first, second] = file.slice(at + '/node_modules/'.length).split('/')
  return file.slice(0, at + '/node_modules/'.length) + (first.startsWith('@') ? `${first}/${second}` : first)
}

function folderBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    // A package's own nested node_modules is another package, counted on its own if bundled.
    if (entry.isDirectory()) total += entry.name === 'node_modules' ? 0 : folderBytes(full)
    else if (entry.isFile()) total += statSync(full).size
  }
  return total
}

/** Milliseconds from spawn to the backend's "listening on" line; the process is then stopped. */
function timeToListen(command: string[], cwd: string): Promise<number> {
  const started = process.hrtime.bigint()
  const child = spawn(command[0], command.slice(1), {
    cwd,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      if (!out.includes('listening on')) return
      resolve(Number(process.hrtime.bigint() - started) / 1e6)
      child.kill('SIGTERM')
    })
    child.once('exit', (code, signal) => {
      if (!out.includes('listening on')) reject(new Error(`${command.join(' ')} exited with ${code ?? signal ?? 'no code'}`))
    })
  })
}

async function medianOf3(measure: () => Promise<number>): Promise<number> {
  const runs = [await measure(), await measure(), await measure()].sort((a, b) => a - b)
  return runs[1]
}

/**
 * `npm run build:server`'s artifact: its size against the installed packages it is made of, and
 * how long it takes to start against the backend run from source with tsx (`npm run backend`).
 */
export async function serverArtifact(): Promise<Row[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'viapi-bench-server-'))
  try {
    const built = await bundleServer({ outdir: path.join(work, 'build') })
    const gzip = gzipSync(readFileSync(built.entry), { level: 9 }).length
    const packages = new Set(
      Object.keys(built.metafile.inputs)
        .map((f) => packageDir(path.resolve(ROOT, f)))
        .filter((d): d is string => d !== undefined),
    )
    const installed = [...packages].reduce((sum, dir) => sum + folderBytes(dir), 0)
    // Started from a folder holding the one file alone, as a container or FC runs it.
    const runDir = path.join(work, 'run')
    mkdirSync(runDir)
    copyFileSync(built.entry, path.join(runDir, SERVER_ENTRY))
    const artifactMs = await medianOf3(() => timeToListen([process.execPath, SERVER_ENTRY], runDir))
    const sourceMs = await medianOf3(() => timeToListen([path.join(ROOT, 'node_modules/.bin/tsx'), 'server/main.ts'], ROOT))
    return [
      {
        section: 'Server artifact',
        metric: `dist/server/${SERVER_ENTRY}: the whole backend, one file (npm run build:server)`,
        baseline: `${packages.size} packages it bundles, as installed: ${fmt.mb(installed)}`,
        ours: `${fmt.mb(built.bytes)} (${fmt.mb(gzip)} gzip), nothing else installed`,
        ratio: `${fmt.x(installed / built.bytes)} smaller`,
      },
      {
        section: 'Server artifact',
        metric: 'start to "listening on" (median of 3, this machine\'s Node)',
        baseline: `${Math.round(sourceMs)} ms (tsx server/main.ts, from source)`,
        ours: `${Math.round(artifactMs)} ms (node ${SERVER_ENTRY} in an empty folder)`,
        ratio: `${fmt.x(sourceMs / artifactMs)} faster`,
      },
    ]
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}
