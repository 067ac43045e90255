import { randomBytes } from 'node:crypto'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningEmulator } from '../../emulator'
import { EMULATOR_DEFAULTS } from '../../server/config'
import { bundleServer, SERVER_ENTRY } from '../../scripts/build-server'
import { node24Binary } from '../support/node24'
import { loginThenSts, startArtifact, type RunningArtifact } from '../support/start-artifact'
import { useEmulator } from '../support/use-emulator'
import { fcFunction, resolveEnvRefs, ROOT } from './descriptors'

// The artifact started the way Function Compute's custom runtime starts it from deploy/s.yaml:
// the `code` folder unpacked as the code directory, `command` + `args` run there, the function's
// environment variables (with the ${env('…')} secrets resolved) plus FC's own FC_* variables, the
// Nodejs24 layer's node first on PATH. Then login → STS through it, and FC's health probe path.
// FC sources: custom runtime start and 0.0.0.0:<port> rule
// (https://help.aliyun.com/zh/fc/user-guide/principles), system variables such as
// FC_CUSTOM_LISTEN_PORT and FC_FUNC_CODE_PATH
// (https://www.alibabacloud.com/help/en/functioncompute/fc/environment-variables).

let emu: RunningEmulator
useEmulator((e) => (emu = e))

let codeDir: string
let node: string
beforeAll(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'viapi-fc-'))
  codeDir = path.join(root, 'code')
  mkdirSync(codeDir)
  const built = await bundleServer({ outdir: path.join(root, 'build') })
  copyFileSync(built.entry, path.join(codeDir, SERVER_ENTRY))
  node = await node24Binary()
}, 240_000)
afterAll(() => {
  if (codeDir) rmSync(path.dirname(codeDir), { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Whether a TCP socket listens on 0.0.0.0:`port` (Linux's table of IPv4 sockets; 0A = LISTEN). */
function listensOnAllInterfaces(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .some((line) => {
      const [, local, , state] = line.trim().split(/\s+/)
      return local === `00000000:${hexPort}` && state === '0A'
    })
}

/**
 * The function's environment as FC sets it. The only change to deploy/s.yaml's values: emulator
 * mode at the in-process emulator, because cloud mode (rightly) refuses its plain-HTTP endpoints.
 */
function functionEnvironment(port: number): Record<string, string> {
  const fn = fcFunction()
  const shell = {
    ALIBABA_CLOUD_ACCESS_KEY_ID: EMULATOR_DEFAULTS.rootAccessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: EMULATOR_DEFAULTS.rootAccessKeySecret,
    ALIBABA_CLOUD_ROLE_ARN: EMULATOR_DEFAULTS.roleArn,
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    OSS_BUCKET: 'viapi-kit-dev',
  }
  const env = Object.fromEntries(Object.entries(fn.environmentVariables).map(([k, v]) => [k, resolveEnvRefs(v, shell)]))
  return {
    ...env,
    // The layer is mounted at /opt/nodejs24; here its node lives where npm put it.
    PATH: env.PATH.replace('/opt/nodejs24/bin', path.dirname(node)),
    PORT: String(port),
    APP_MODE: 'emulator',
    EMULATOR_URL: emu.url,
    LOG_LEVEL: 'warn',
    FC_FUNC_CODE_PATH: codeDir,
    FC_CUSTOM_LISTEN_PORT: String(port),
    FC_FUNCTION_NAME: 'viapi-kit-backend',
    FC_REGION: 'cn-shanghai',
    FC_INSTANCE_ID: 'test-instance',
  }
}

describe('deploy/s.yaml, started as Function Compute starts it', () => {
  let server: RunningArtifact
  let port: number
  beforeAll(async () => {
    const fn = fcFunction()
    expect(path.resolve(ROOT, 'deploy', fn.code)).toBe(path.join(ROOT, 'dist/server'))
    port = await freePort()
    const [command, ...rest] = [...fn.customRuntimeConfig.command, ...fn.customRuntimeConfig.args]
    // `node` is looked up on the function's PATH, as FC's shell does.
    const env = functionEnvironment(port)
    expect(command).toBe('node')
    server = await startArtifact({ command: [path.join(env.PATH.split(':')[0], command), ...rest], cwd: codeDir, env })
  }, 60_000)
  afterAll(async () => {
    if (server) expect(await server.stop(), server.output()).toBe(0)
  })

  it('listens on 0.0.0.0 at the port the function configures (FC connects from outside loopback)', () => {
    expect(listensOnAllInterfaces(port), server.output()).toBe(true)
  })

  it('serves login → STS', async () => {
    const before = emu.counters().sts ?? 0
    const { sts } = await loginThenSts(`http://127.0.0.1:${port}`, emu.mintLoginCode('h5', 'fc-user'))
    expect(sts.accessKeyId).toMatch(/^STS\./)
    expect((emu.counters().sts ?? 0) - before).toBe(1)
  })

  it("passes FC's instance health check: GET <httpGetUrl> answers 200–399 (FC's success rule)", async () => {
    const res = await fetch(`http://127.0.0.1:${port}${fcFunction().customRuntimeConfig.healthCheckConfig.httpGetUrl}`)
    expect(res.status, await res.text()).toBeGreaterThanOrEqual(200)
    expect(res.status).toBeLessThan(400)
  })
})
