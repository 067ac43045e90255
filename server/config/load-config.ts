import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { ConfigError } from './config-error'
import { readCore } from './core'
import { readCorsOrigins } from './cors'
import { readEndpoints, readImmProject } from './endpoints'
import { readRateLimits } from './limits'
import { readLogin } from './login'
import { readOperations } from './operations'
import { readOss } from './oss'
import { ConfigReader } from './reader'
import type { Env } from './reader'
import { readSession } from './session'
import { readStore } from './store'
import { readSts } from './sts'
import type { AppConfig } from './types'

/**
 * One typed config for the backend, read from env (and `.env`) section by section. Defaults point
 * at the local emulator so `npm start` works without an account; `APP_MODE=cloud` turns the
 * defaults off and refuses to start on anything that would be unsafe in production (plain HTTP,
 * weak secret). Throws one `ConfigError` listing every problem. Pure apart from the random
 * emulator session secret and Alipay certificate files (ALIPAY_*_CERT paths).
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const r = new ConfigReader(env)
  const core = readCore(r)
  const oss = readOss(r, core.emulatorUrl)
  const config: AppConfig = {
    mode: r.mode,
    ...core,
    sts: readSts(r, core.emulatorUrl, oss.region),
    oss,
    endpoints: readEndpoints(r, core.emulatorUrl),
    immProject: readImmProject(r),
    session: readSession(r),
    corsOrigins: readCorsOrigins(r),
    login: readLogin(r, core.emulatorUrl),
    rateLimit: readRateLimits(r),
    ...readStore(r),
    ...readOperations(r),
  }
  if (r.problems.length > 0) throw new ConfigError(r.problems)
  return config
}

/** Loads `.env` into process.env if present (Node's own loader; never overrides set variables). */
export function loadDotEnv(path = resolve(process.cwd(), '.env')): boolean {
  if (!existsSync(path)) return false
  process.loadEnvFile(path)
  return true
}

/** Which login platforms this config can serve (for the startup line and /healthz-free checks). */
export function enabledPlatforms(config: AppConfig): string[] {
  const out: string[] = []
  if (config.login.wechat) out.push('weapp')
  if (config.login.alipay) out.push('alipay')
  if (config.login.dingtalk) out.push('dd')
  if (config.login.h5 === 'dev') out.push('h5')
  return out
}
