import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator'
import { bundleServer, SERVER_ENTRY } from '../../scripts/build-server'
import { useEmulator } from '../support/use-emulator'
import { node24Binary, nodeVersion } from '../support/node24'
import { loginThenSts, startArtifact } from '../support/start-artifact'
import { dockerStages, execForm, readText } from './descriptors'

// `npm run build:server`, copied alone into an empty folder, started with a bare environment on
// Node 24 (what the container and Function Compute run) and on this machine's Node, serves
// login → STS against the emulator. Nothing from the repository is reachable from that folder.

let emu: RunningEmulator
useEmulator((e) => (emu = e))

let buildDir: string
let runDir: string
beforeAll(async () => {
  buildDir = mkdtempSync(path.join(tmpdir(), 'viapi-artifact-build-'))
  runDir = mkdtempSync(path.join(tmpdir(), 'viapi-artifact-run-'))
  const built = await bundleServer({ outdir: buildDir })
  copyFileSync(built.entry, path.join(runDir, SERVER_ENTRY))
}, 120_000)
afterAll(() => {
  for (const dir of [buildDir, runDir]) if (dir) rmSync(dir, { recursive: true, force: true })
})

/** No node_modules in the folder or any folder above it: `require` can only find what is bundled. */
function nodeModulesAbove(dir: string): string[] {
  const found: string[] = []
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, 'node_modules'))) found.push(d)
    if (path.dirname(d) === d) return found
  }
}

/** The environment a container gives it: PATH only, plus the backend's own variables. */
function bareEnv(node: string, extra: Record<string, string>): Record<string, string> {
  return { PATH: `${path.dirname(node)}:/usr/bin:/bin`, LOG_LEVEL: 'warn', EMULATOR_URL: emu.url, HOST: '127.0.0.1', PORT: '0', ...extra }
}

describe('the server artifact in an empty folder', () => {
  it('is one file, with nothing installed beside or above it', () => {
    expect(readdirSync(runDir)).toEqual([SERVER_ENTRY])
    expect(nodeModulesAbove(runDir)).toEqual([])
  })

  it.each([
    ['Node 24', node24Binary, /^v24\./],
    ["this machine's Node", async () => process.execPath, new RegExp(`^${process.version}$`)],
  ])(
    'starts on %s and serves login → STS against the emulator',
    async (_, binary, expectedVersion) => {
      const node = await binary()
      expect(await nodeVersion(node)).toMatch(expectedVersion)
      const server = await startArtifact({ command: [node, SERVER_ENTRY], cwd: runDir, env: bareEnv(node, {}) })
      try {
        const before = emu.counters().sts ?? 0
        const { userId, sts } = await loginThenSts(server.listeningOn, emu.mintLoginCode('h5', 'artifact-user'))
        expect(userId).toMatch(/^h5[_-]/)
        expect(sts.accessKeyId).toMatch(/^STS\./)
        expect((emu.counters().sts ?? 0) - before).toBe(1)
      } finally {
        // SIGTERM closes the server cleanly: exit code 0 (what `docker stop` and FC's shutdown send).
        expect(await server.stop(), server.output()).toBe(0)
      }
    },
    240_000,
  )

  it('the Dockerfile HEALTHCHECK command passes against it, and fails once it is gone', async () => {
    const node = await node24Binary()
    const probe = execForm(
      dockerStages(readText('Dockerfile'))
        .at(-1)!
        .find((i) => i.keyword === 'HEALTHCHECK')!.args,
    )
    expect(probe[0]).toBe('node')
    const server = await startArtifact({ command: [node, SERVER_ENTRY], cwd: runDir, env: bareEnv(node, {}) })
    const port = new URL(server.listeningOn).port
    const probeEnv: Record<string, string> = { PATH: '/usr/bin:/bin', PORT: port }
    const runProbe = () =>
      new Promise<number | null>((resolve) => {
        spawn(node, probe.slice(1), { env: probeEnv as NodeJS.ProcessEnv, stdio: 'ignore' }).once('exit', resolve)
      })
    try {
      expect(await runProbe()).toBe(0)
    } finally {
      await server.stop()
    }
    expect(await runProbe()).toBe(1)
  }, 240_000)
})
