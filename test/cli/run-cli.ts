import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')
const TSX = resolve(ROOT, 'node_modules/.bin/tsx')

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

/** Runs a script of ours with tsx, as `npm run …` would, with only the environment given. */
export function runScript(script: string, args: string[], env: Record<string, string>, cwd = ROOT): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(TSX, [resolve(ROOT, script), ...args], {
      cwd,
      // A clean environment: nothing from the developer's shell (or real cloud keys) leaks in.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.once('error', reject)
    child.once('close', (code) => resolvePromise({ code, stdout, stderr }))
  })
}
