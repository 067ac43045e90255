import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { buildServer } from '../../server/app'
import { loadConfig } from '../../server/config'
import { SERVER_ENTRY } from '../../scripts/build-server'
import { configVariables, dockerEnv, dockerStages, execForm, fcFunction, readText, readYaml, resolveEnvRefs, ROOT } from './descriptors'

// Container engines and Function Compute do not run on our machines, so what can be checked
// without them is checked here: each descriptor passes only variables the backend reads, probes
// paths the backend serves, and copies only the artifact. test/deploy/artifact.test.ts and
// function-compute.test.ts start the artifact the way these files say.

const LIVENESS = '/healthz'
/** Served by the readiness route (503 while config or Redis is not usable). */
const READINESS = '/readyz'

interface ComposeService {
  image?: string
  build?: { context: string; dockerfile: string }
  env_file?: string | string[]
  environment?: Record<string, string>
  healthcheck?: { test: string[] }
  depends_on?: Record<string, { condition: string }>
}
const compose = () => readYaml<{ services: Record<string, ComposeService> }>('deploy/compose.yaml')
const backends = () => Object.entries(compose().services).filter(([, s]) => s.image === 'viapi-kit-backend')

describe('every variable a descriptor passes is one the backend reads', () => {
  const known = configVariables()

  it('the recorder sees the configuration (guards the check below against an empty set)', () => {
    expect([...known]).toEqual(
      expect.arrayContaining(['APP_MODE', 'HOST', 'PORT', 'REDIS_URL', 'SESSION_SECRET', 'ALIBABA_CLOUD_ROLE_ARN']),
    )
  })

  it('Dockerfile: the runtime stage ENV', () => {
    const env = dockerEnv(dockerStages(readText('Dockerfile')).at(-1)!)
    expect(env).toEqual({ HOST: '0.0.0.0', PORT: '8787' })
    expect(Object.keys(env).filter((k) => !known.has(k))).toEqual([])
  })

  it("compose.yaml: each backend's environment, and secrets only from a git-ignored env file", () => {
    expect(backends().map(([name]) => name)).toEqual(['backend-1', 'backend-2'])
    for (const [, service] of backends()) {
      expect(Object.keys(service.environment ?? {}).filter((k) => !known.has(k))).toEqual([])
      expect(service.environment).toMatchObject({ HOST: '0.0.0.0', REDIS_URL: 'redis://redis:6379', TRUST_PROXY: 'true' })
      for (const file of [service.env_file ?? []].flat()) {
        // exit 0 = ignored: the file with the keys can never be committed by accident.
        expect(() => execFileSync('git', ['check-ignore', '-q', `deploy/${file}`], { cwd: ROOT })).not.toThrow()
      }
    }
  })

  it("s.yaml: the function's environment, secrets only as ${env(...)} references", () => {
    const env = fcFunction().environmentVariables
    // PATH is for the runtime, not the backend: the Nodejs24 layer's node must come first.
    const extra = Object.keys(env).filter((k) => !known.has(k))
    expect(extra).toEqual(['PATH'])
    expect(env.PATH.split(':')[0]).toBe('/opt/nodejs24/bin')
    for (const name of [
      'ALIBABA_CLOUD_ACCESS_KEY_ID',
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
      'SESSION_SECRET',
      'WECHAT_APP_SECRET',
      'ALIPAY_PRIVATE_KEY',
      'DINGTALK_APP_SECRET',
      'METRICS_TOKEN',
    ]) {
      expect(env[name], name).toMatch(/^\$\{env\('[A-Z_]+'(, '')?\)\}$/)
    }
  })
})

describe('the descriptors agree with the backend and with Function Compute', () => {
  it('s.yaml: listens on 0.0.0.0 at the port FC connects to, starts the artifact, no role', () => {
    const fn = fcFunction()
    expect(fn.environmentVariables.HOST).toBe('0.0.0.0')
    expect(fn.environmentVariables.PORT).toBe(String(fn.customRuntimeConfig.port))
    expect([...fn.customRuntimeConfig.command, ...fn.customRuntimeConfig.args]).toEqual(['node', SERVER_ENTRY])
    expect(fn.code).toBe('../dist/server')
    expect(fn.runtime).toMatch(/^custom\.debian1[12]$/)
    expect(fn.layers).toEqual(['acs:fc:${vars.region}:official:layers/Nodejs24/versions/1'])
    // A role would make FC overwrite ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET with its temporary key.
    expect(fn.role).toBeUndefined()
  })

  it('s.yaml resolves into a configuration the backend accepts (cloud mode)', () => {
    const shell = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI-placeholder',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'placeholder-secret',
      ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::1234567890123456:role/viapi-kit-uploader',
      SESSION_SECRET: 'q7Vd2kLp9Xs4Rt1Wm8Zn3Bc6Hf0Jg5Ya',
      OSS_BUCKET: 'my-upload-bucket',
    }
    const env = Object.fromEntries(Object.entries(fcFunction().environmentVariables).map(([k, v]) => [k, resolveEnvRefs(v, shell)]))
    const config = loadConfig(env)
    expect([config.mode, config.host, config.port]).toEqual(['cloud', '0.0.0.0', 9000])
  })

  it('the Dockerfile builds the artifact, then runs it alone, unprivileged, on a slim Node 24', () => {
    const [build, runtime] = dockerStages(readText('Dockerfile'))
    expect(build[0].args).toMatch(/ AS build$/)
    expect(build.filter((i) => i.keyword === 'RUN').map((i) => i.args)).toContain('npm run build:server')
    expect(runtime[0].args).toMatch(/^node:24(\.\d+)*-(bookworm-)?slim$/)
    const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args)
    expect(copies).toEqual(['--from=build /src/dist/server/ ./'])
    const user = runtime.filter((i) => i.keyword === 'USER').map((i) => i.args)
    expect(user).toHaveLength(1)
    expect(user[0]).not.toMatch(/^(root|0)(:|$)/)
    expect(execForm(runtime.find((i) => i.keyword === 'CMD')!.args)).toEqual(['node', SERVER_ENTRY])
  })

  it('.dockerignore keeps local installs, builds and secrets out of the build context', () => {
    const ignored = readText('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.env', 'deploy/*.env']))
  })

  it('health checks: the container probes liveness, Function Compute readiness, both served', async () => {
    const runtime = dockerStages(readText('Dockerfile')).at(-1)!
    const healthcheck = execForm(runtime.find((i) => i.keyword === 'HEALTHCHECK')!.args).join(' ')
    expect(healthcheck).toContain(`'${LIVENESS}'`)
    expect(fcFunction().customRuntimeConfig.healthCheckConfig.httpGetUrl).toBe(READINESS)
    // compose uses the image's own HEALTHCHECK for the backends (no override to drift).
    for (const [, service] of backends()) expect(service.healthcheck).toBeUndefined()
    const app = buildServer(loadConfig({ LOG_LEVEL: 'silent' }))
    await app.ready()
    expect(app.hasRoute({ method: 'GET', url: LIVENESS })).toBe(true)
    expect(app.hasRoute({ method: 'GET', url: READINESS })).toBe(true)
    await app.close()
  })

  it('nginx sends to exactly the compose backends, and overwrites X-Forwarded-For', () => {
    const conf = readText('deploy/nginx.conf')
    const upstreams = [...conf.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`)
    const expected = backends().map(([name, s]) => `${name}:${s.environment?.PORT}`)
    expect(upstreams).toEqual(expected)
    // TRUST_PROXY=true behind it: an appended header would let a client choose its rate-limit key.
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/)
    expect(conf).not.toMatch(/\$proxy_add_x_forwarded_for/)
    const proxy = compose().services.proxy
    expect(Object.keys(proxy.depends_on ?? {})).toEqual(backends().map(([name]) => name))
  })
})
