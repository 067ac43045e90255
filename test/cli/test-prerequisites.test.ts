import { spawnSync } from 'node:child_process'
import { mkdtempSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

/**
 * `npm test`'s pretest check: on a machine without the suite's system packages it must stop
 * within seconds and print the exact command, never skip tests silently.
 */
const SCRIPT = path.resolve('scripts/test-prerequisites.mjs')

describe('npm test prerequisites', () => {
  it('passes on this machine (CI installs the packages)', () => {
    const r = spawnSync(process.execPath, [SCRIPT, '--check'], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  })

  it('without redis-server, openssl and fc-list on the PATH: fails fast, naming each package, why, and the command', () => {
    // A PATH with only node and sh: redis-server and fc-list cannot be found.
    const bin = mkdtempSync(path.join(tmpdir(), 'prereq-'))
    symlinkSync(process.execPath, path.join(bin, 'node'))
    symlinkSync('/bin/sh', path.join(bin, 'sh'))
    const started = Date.now()
    const r = spawnSync(path.join(bin, 'node'), [SCRIPT, '--check'], {
      encoding: 'utf8',
      env: { PATH: bin } as unknown as NodeJS.ProcessEnv,
    })
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(r.status).toBe(1)
    expect(r.stderr).toContain('redis-server: the scale-out tests')
    expect(r.stderr).toContain('fonts-noto-cjk')
    expect(r.stderr).toMatch(/sudo apt-get install -y redis-server openssl fonts-noto-cjk/)
  })
})
