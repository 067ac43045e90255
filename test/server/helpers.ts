import { buildServer } from '../../server/app'
import type { ServerDeps } from '../../server/app'
import { loadConfig } from '../../server/config'
import type { AppConfig } from '../../server/config'
import type { Clock } from '../../server/base/clock'
import type { AssumeRoleInput, StsClient, StsCredentials } from '../../server/sts/client'
import type { LoginVerifier } from '../../server/login/types'

export const T0 = Date.UTC(2026, 10, 23, 15, 45, 0)

export function testConfig(env: Record<string, string> = {}): AppConfig {
  return { ...loadConfig({ LOG_LEVEL: 'silent', ...env }) }
}

export class FakeClock implements Clock {
  constructor(public ms = T0) {}
  now(): number {
    return this.ms
  }
  advance(ms: number): void {
    this.ms += ms
  }
}

/** Scripted STS: each call consumes the next script step (default: success), and is recorded. */
export class FakeSts implements StsClient {
  calls: AssumeRoleInput[] = []
  script: Array<'ok' | Error> = []
  delayMs = 0
  serial = 0
  constructor(
    private readonly clock: Clock,
    private readonly lifetimeS = 900,
  ) {}

  async assumeRole(input: AssumeRoleInput): Promise<StsCredentials> {
    this.calls.push(input)
    const step = this.script.shift() ?? 'ok'
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs))
    if (step instanceof Error) throw step
    this.serial += 1
    return {
      accessKeyId: `STS.fake${this.serial}`,
      accessKeySecret: `secret-${this.serial}`,
      securityToken: `token-${this.serial}`,
      expiration: new Date(this.clock.now() + this.lifetimeS * 1000),
    }
  }
}

/** A verifier that accepts any code: "u:<id>#<nonce>" → <id>; anything else → user-<code>. */
export function fakeVerifier(): LoginVerifier & { calls: string[] } {
  const calls: string[] = []
  return {
    calls,
    async verify(code: string) {
      calls.push(code)
      return { providerUserId: code.startsWith('u:') ? code.slice(2).split('#')[0] : `user-${code}` }
    },
  }
}

export function makeApp(opts: { env?: Record<string, string>; deps?: ServerDeps } = {}) {
  const config = testConfig(opts.env)
  const clock = (opts.deps?.clock as FakeClock | undefined) ?? new FakeClock()
  const sts = (opts.deps?.sts as FakeSts | undefined) ?? new FakeSts(clock)
  const verifier = fakeVerifier()
  const app = buildServer(config, {
    clock,
    sts,
    loginVerifiers: { weapp: verifier, alipay: verifier, dd: verifier, h5: verifier },
    ...opts.deps,
  })
  let n = 0
  const login = async (user = 'alice', platform = 'weapp'): Promise<string> => {
    n += 1
    const res = await app.inject({ method: 'POST', url: '/api/login', payload: { platform, code: `u:${user}#${n}` } })
    if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`)
    return res.json().token as string
  }
  return { app, config, clock, sts, verifier, login }
}
