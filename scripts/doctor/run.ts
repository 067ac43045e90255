import { promises as fs } from 'node:fs'
import { sniffImageType } from '../../src/lib/image'
import type { AppConfig } from '../../server/config'
import { allowListsByPlatform, origin, publicBackendUrl, type PlatformAllowList } from '../cli/allow-list'
import type { DoctorArgs } from './args'
import { checkCloudSanity, checkConfigShape } from './config-checks'
import { checkConsoleDomains, checkContactedHosts, ConsoleDomainsError, readConsoleDomains } from './console-domains'
import type { Exchange } from './recording-transport'
import { runLiveSteps, STEP_IDS, type LiveStepOptions } from './live-steps'
import { createRedactor } from './redact'
import { doctorTestImage } from './test-image'
import { skip, type CheckResult, type DoctorReport } from './types'

type Env = Record<string, string | undefined>

/** Test seams, and where the command line hears of each check as it is made. */
export interface DoctorDeps extends Pick<LiveStepOptions, 'sts'> {
  /** Each check, redacted, as soon as it is known. */
  onCheck?(check: CheckResult): void
}

const skipLive = (why: string): CheckResult[] => Object.values(STEP_IDS).map((id) => skip(id, why))

/**
 * Every check for one environment: offline first (config shape, cloud sanity, console
 * allow-lists), then the live steps unless `offline`. Everything returned is already redacted.
 */
export async function runDoctor(env: Env, args: Omit<DoctorArgs, 'json'>, deps: DoctorDeps = {}): Promise<DoctorReport> {
  const minted: string[] = []
  const redactor = createRedactor(env, () => minted)
  const checks: CheckResult[] = []
  const add = (...found: CheckResult[]) => {
    for (const c of found.map(redactor.check)) {
      checks.push(c)
      deps.onCheck?.(c)
    }
  }
  const shape = checkConfigShape(env)
  add(...shape.checks)
  const config = shape.config
  if (!config) {
    add(...skipLive('not run: the configuration does not load'))
    return report('unknown', checks)
  }
  add(...checkCloudSanity(config, env), ...consoleChecks(args.consoleDomains, () => requiredLists(config, env)))
  if (args.offline) {
    add(...skipLive('not run: --offline'))
    return report(config.mode, checks)
  }
  const image = await loadImage(args.image)
  if ('failed' in image) {
    add(image.failed)
    return report(config.mode, checks)
  }
  const contacted: Exchange[] = []
  await runLiveSteps({ config, ...image, onSecret: (s) => minted.push(s), sts: deps.sts, contacted, add })
  if (contacted.length > 0) add(checkContactedHosts(allowListsByPlatform(config, env)[0], contacted))
  return report(config.mode, checks)
}

function report(mode: DoctorReport['mode'], checks: CheckResult[]): DoctorReport {
  return { mode, checks, failed: checks.some((c) => c.status === 'fail') }
}

/**
 * What each console needs (`npm run domains`). Without TARO_APP_BACKEND_URL the backend's public
 * host is unknown (the fallback is this machine's HOST:PORT), so it is not demanded of the consoles.
 */
function requiredLists(config: AppConfig, env: Env): PlatformAllowList[] {
  const lists = allowListsByPlatform(config, env)
  if (env.TARO_APP_BACKEND_URL?.trim()) return lists
  const guessed = origin(publicBackendUrl(config, env))
  return lists.map((p) => ({ ...p, request: p.request.filter((h) => h !== guessed) }))
}

function consoleChecks(source: string | undefined, required: () => PlatformAllowList[]): CheckResult[] {
  if (!source) {
    return [
      skip(
        'allow-list',
        'no console domains given (--console-domains <file> or DOCTOR_CONSOLE_DOMAINS); `npm run domains` prints what each console needs',
      ),
    ]
  }
  try {
    return checkConsoleDomains(required(), readConsoleDomains(source))
  } catch (err) {
    if (!(err instanceof ConsoleDomainsError)) throw err
    return [
      {
        id: 'allow-list',
        status: 'fail',
        code: 'BadConsoleDomains',
        summary: err.message,
        fix: 'Give the hosts as the usage shows (`npm run doctor -- --help`).',
      },
    ]
  }
}

/** The user's --image, or the doctor's 1 KB test card. */
async function loadImage(path: string | undefined): Promise<{ image: Uint8Array; contentType: string } | { failed: CheckResult }> {
  if (!path) return { image: await doctorTestImage(), contentType: 'image/jpeg' }
  let bytes: Uint8Array
  try {
    bytes = new Uint8Array(await fs.readFile(path))
  } catch (err) {
    return {
      failed: {
        id: 'image',
        status: 'fail',
        code: 'FileNotReadable',
        summary: `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
        fix: 'Check the path given to --image.',
      },
    }
  }
  const contentType = sniffImageType(bytes.subarray(0, 12))
  if (!contentType)
    return {
      failed: {
        id: 'image',
        status: 'fail',
        code: 'NotAnImage',
        summary: `${path} is not a JPEG, PNG, BMP or GIF image`,
        fix: 'Pass a photo of a card (JPEG or PNG) to --image.',
      },
    }
  return { image: bytes, contentType }
}
