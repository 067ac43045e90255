import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../server/config'
import { readOperations } from '../../server/config/operations'
import { ConfigReader } from '../../server/config/reader'

const ROOT = resolve(__dirname, '../..')

/** `server/main.ts` as `npm run backend` runs it, on a free port; resolves with its URL. */
function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'silent', HOST: '127.0.0.1', PORT: '0', APP_MODE: 'emulator', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const url = new Promise<string>((ok, fail) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/\S+)/.exec(out)
      if (m) ok(m[1])
    })
    child.once('exit', () => fail(new Error(`backend exited before listening: ${out}`)))
  })
  return { child, exited, url }
}

describe('server/main.ts on SIGTERM', () => {
  it('/readyz turns 503 at once, requests are still served for DRAIN_SECONDS, then the process exits 0', async () => {
    const { child, exited, url } = startMain({ DRAIN_SECONDS: '1' })
    const base = await url
    expect((await fetch(`${base}/readyz`)).status).toBe(200)
    const t0 = Date.now()
    child.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 200))
    const ready = await fetch(`${base}/readyz`)
    expect(ready.status).toBe(503)
    expect(((await ready.json()) as { checks: { shutdown: string } }).checks.shutdown).toBe('draining')
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect(await exited).toBe(0)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000)
  }, 30_000)
})

describe('METRICS_TOKEN and DRAIN_SECONDS', () => {
  it('drain defaults to 5 s in cloud mode and 0 with the emulator; metrics are off unless a token is set', () => {
    const local = loadConfig({})
    expect(local.drainSeconds).toBe(0)
    expect(readOperations(new ConfigReader({ APP_MODE: 'cloud' })).drainSeconds).toBe(5)
    expect(local.metricsToken).toBeUndefined()
    expect(loadConfig({ DRAIN_SECONDS: '12', METRICS_TOKEN: 'x'.repeat(16) })).toMatchObject({
      drainSeconds: 12,
      metricsToken: 'x'.repeat(16),
    })
  })

  it('refuses a short token or one with spaces without echoing it, and a drain out of range', () => {
    for (const bad of ['short-secret-1', 'has a space in it, long enough']) {
      let message = ''
      try {
        loadConfig({ METRICS_TOKEN: bad })
      } catch (err) {
        message = (err as Error).message
      }
      expect(message).toContain('METRICS_TOKEN')
      expect(message).not.toContain(bad)
    }
    expect(() => loadConfig({ DRAIN_SECONDS: '121' })).toThrow(/DRAIN_SECONDS/)
  })
})
