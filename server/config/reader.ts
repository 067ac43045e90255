import type { AppMode } from './types'

export type Env = Record<string, string | undefined>

const APP_MODES: readonly AppMode[] = ['emulator', 'cloud']

/** The URL `value` parses to, or undefined. */
export function tryUrl(value: string): URL | undefined {
  try {
    return new URL(value)
  } catch {
    return undefined
  }
}

function isHttp(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:'
}

/** An origin as browsers send it (`https://host[:port]`: no path, no trailing slash, no wildcard). */
export function isHttpOrigin(value: string): boolean {
  const parsed = tryUrl(value)
  return parsed !== undefined && isHttp(parsed) && parsed.origin === value
}

/**
 * Reads env for one `loadConfig` call with small shared validators. A validator never throws: it
 * records a problem that names the variable and says what to set, and returns a usable value, so
 * `ConfigError` can list every problem at once. APP_MODE is read first because it decides the
 * defaults (emulator) and the HTTPS rule (cloud).
 */
export class ConfigReader {
  readonly problems: string[] = []
  readonly mode: AppMode
  readonly cloud: boolean

  constructor(private readonly env: Env) {
    this.mode = this.oneOf('APP_MODE', APP_MODES, 'emulator', 'APP_MODE=emulator (local) or APP_MODE=cloud')
    this.cloud = this.mode === 'cloud'
  }

  /** The trimmed value; unset and blank both mean undefined. */
  get(name: string): string | undefined {
    const v = this.env[name]
    return v === undefined || v.trim() === '' ? undefined : v.trim()
  }

  /** The value, or `emulatorDefault` in emulator mode; cloud mode has no default for it. */
  orEmulator(name: string, emulatorDefault: string): string | undefined {
    return this.get(name) ?? (this.cloud ? undefined : emulatorDefault)
  }

  problem(text: string): void {
    this.problems.push(text)
  }

  /** A variable cloud mode cannot do without is unset. */
  missingInCloud(name: string, hint: string): void {
    this.problem(`${name}: required when APP_MODE=cloud; ${hint}`)
  }

  /** An integer from `min` to `max`, `def` when unset. */
  int(name: string, def: number, min: number, max: number): number {
    const raw = this.get(name)
    if (raw === undefined) return def
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      this.problem(`${name}: "${raw}" is not valid; set an integer from ${min} to ${max} (default ${def})`)
      return def
    }
    return Number(raw)
  }

  /** One of `allowed`, `def` when unset; `hint` says what to set instead of anything else. */
  oneOf<T extends string>(name: string, allowed: readonly T[], def: T, hint = allowed.join(' or ')): T {
    const raw = this.get(name) ?? def
    if ((allowed as readonly string[]).includes(raw)) return raw as T
    this.problem(`${name}: "${raw}" is not valid; set ${hint}`)
    return def
  }

  /** `true` or `false`, `def` when unset. */
  flag(name: string, def: boolean): boolean {
    const raw = this.get(name) ?? String(def)
    if (raw === 'true' || raw === 'false') return raw === 'true'
    this.problem(`${name}: set true or false`)
    return def
  }

  /** Checks `value` against `pattern`; `what` completes `NAME: "value" …` when it does not match. */
  matches(name: string, value: string, pattern: RegExp, what: string): boolean {
    if (pattern.test(value)) return true
    this.problem(`${name}: "${value}" ${what}`)
    return false
  }

  /** An id and its secret are set together or not at all; the pair, or undefined. */
  bothOrNeither(
    idName: string,
    secretName: string,
    id: string | undefined,
    secret: string | undefined,
  ): { id: string; secret: string } | undefined {
    if ((id === undefined) !== (secret === undefined)) this.problem(`${idName} / ${secretName}: set both or neither`)
    return id !== undefined && secret !== undefined ? { id, secret } : undefined
  }

  /**
   * An absolute http(s) URL without trailing slashes. In cloud mode it must be HTTPS (credentials
   * and tokens travel over it) unless `httpsInCloud` is false.
   */
  url(name: string, value: string, httpsInCloud = true): string {
    const parsed = tryUrl(value)
    if (parsed === undefined) {
      this.problem(`${name}: "${value}" is not an absolute URL; set e.g. ${name}=https://…`)
      return value
    }
    if (!isHttp(parsed)) {
      this.problem(`${name}: must be an http(s) URL, got "${value}"`)
    } else if (this.cloud && httpsInCloud && parsed.protocol !== 'https:') {
      this.problem(`${name}: must use https:// when APP_MODE=cloud (got "${value}")`)
    }
    return value.replace(/\/+$/, '')
  }

  /** A service endpoint: the emulator by default in emulator mode, the real service in cloud mode. */
  endpoint(name: string, emulatorDefault: string, realDefault: string): string {
    return this.url(name, this.get(name) ?? (this.cloud ? realDefault : emulatorDefault))
  }
}
