import { readFileSync } from 'node:fs'
import path from 'node:path'
import { load } from 'js-yaml'
import { loadConfig } from '../../server/config'

// Readers for the deployment descriptors (Dockerfile, deploy/compose.yaml, deploy/s.yaml,
// deploy/nginx.conf), shared by the tests that check them and the tests that start the artifact
// the way they say.

export const ROOT = path.resolve(__dirname, '../..')

/** One Dockerfile instruction, continuation lines joined: `{ keyword: 'COPY', args: '--from=build …' }`. */
export interface DockerInstruction {
  keyword: string
  args: string
}

/** A Dockerfile's instructions grouped by stage (each starts at a FROM). */
export function dockerStages(text: string): DockerInstruction[][] {
  const joined = text.replace(/\\\r?\n/g, ' ')
  const instructions = joined
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/)
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') }
    })
  const stages: DockerInstruction[][] = []
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') stages.push([])
    stages[stages.length - 1]?.push(instruction)
  }
  return stages
}

/** `KEY=value` pairs of ENV instructions (the `ENV A=1 B=2` form). */
export function dockerEnv(stage: DockerInstruction[]): Record<string, string> {
  const env: Record<string, string> = {}
  for (const { args } of stage.filter((i) => i.keyword === 'ENV')) {
    for (const pair of args.split(/\s+/)) {
      const eq = pair.indexOf('=')
      if (eq > 0) env[pair.slice(0, eq)] = pair.slice(eq + 1)
    }
  }
  return env
}

/** The exec-form JSON array after `CMD` (alone, or at the end of a HEALTHCHECK). */
export function execForm(args: string): string[] {
  const json = args.slice(args.indexOf('['))
  return JSON.parse(json) as string[]
}

export function readText(relative: string): string {
  return readFileSync(path.join(ROOT, relative), 'utf8')
}

export function readYaml<T>(relative: string): T {
  return load(readText(relative)) as T
}

/** The subset of deploy/s.yaml the tests read. */
export interface FcFunction {
  runtime: string
  code: string
  layers: string[]
  role?: string
  customRuntimeConfig: {
    command: string[]
    args: string[]
    port: number
    healthCheckConfig: { httpGetUrl: string }
  }
  environmentVariables: Record<string, string>
}

export function fcFunction(): FcFunction {
  const doc = readYaml<{ resources: Record<string, { component: string; props: FcFunction }> }>('deploy/s.yaml')
  const fc3 = Object.values(doc.resources).filter((r) => r.component === 'fc3')
  if (fc3.length !== 1) throw new Error(`deploy/s.yaml: expected one fc3 resource, found ${fc3.length}`)
  return fc3[0].props
}

/**
 * `${env('NAME')}` / `${env('NAME', 'default')}` resolved as Serverless Devs does
 * (https://github.com/Serverless-Devs/Serverless-Devs/blob/master/docs/zh/variables.md), from
 * `shell`; a name without a default that `shell` lacks throws, as `s deploy` would refuse.
 */
export function resolveEnvRefs(value: string, shell: Record<string, string>): string {
  return value.replace(/\$\{env\('([^']+)'(?:,\s*'([^']*)')?\)\}/g, (_, name: string, fallback?: string) => {
    if (shell[name] !== undefined) return shell[name]
    if (fallback !== undefined) return fallback
    throw new Error(`\${env('${name}')} has no value and no default`)
  })
}

/**
 * Every environment variable the backend's configuration reads: loadConfig run over an env that
 * records each name looked up, in emulator and in cloud mode (a few names are only read in one).
 */
export function configVariables(): Set<string> {
  const names = new Set<string>()
  for (const base of [{}, { APP_MODE: 'cloud' }]) {
    const recording = new Proxy<Record<string, string | undefined>>(base, {
      get(target, key) {
        if (typeof key === 'string') names.add(key)
        return target[key as string]
      },
    })
    try {
      loadConfig(recording)
    } catch {
      // Cloud mode with nothing set is invalid; the names it looked up are what matter here.
    }
  }
  return names
}
