import { EMULATOR_DEFAULTS } from './defaults'
import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/**
 * The server itself: HOST, PORT, LOG_LEVEL, TRUST_PROXY, and EMULATOR_URL, which every emulator
 * default hangs off. EMULATOR_URL is only used in emulator mode (defaults, h5 dev login), so it is
 * exempt from the HTTPS rule.
 */
export function readCore(r: ConfigReader): Pick<AppConfig, 'host' | 'port' | 'logLevel' | 'trustProxy' | 'emulatorUrl'> {
  return {
    host: r.get('HOST') ?? '127.0.0.1',
    port: r.int('PORT', 8787, 0, 65535),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info', `one of ${LOG_LEVELS.join(', ')}`),
    trustProxy: r.flag('TRUST_PROXY', false),
    emulatorUrl: r.url('EMULATOR_URL', r.get('EMULATOR_URL') ?? EMULATOR_DEFAULTS.url, false),
  }
}
