// Emulator controls shared by the `/__admin/*` HTTP API and the programmatic RunningEmulator.
import type { EmulatorState } from './state'
import { validateRules, type FaultRule, type Service } from './faults'
import { LOGIN_PLATFORMS, type LoginPlatform } from './login/codes'

export interface FaultSettings {
  rules?: FaultRule[]
  clockSkewMs?: number
}

export interface Controls {
  counters(): Record<Service, number>
  /** Counters, objects, results, fault rules and clock skew back to zero. Keys/tokens survive. */
  reset(): void
  /** Replaces the rule list when `rules` is given; sets the skew when `clockSkewMs` is given. */
  setFaults(settings: FaultSettings): { rules: FaultRule[]; clockSkewMs: number }
  clearFaults(): void
  /** Every STS token issued so far expires now. Returns how many were touched. */
  expireTokens(): number
  mintLoginCode(platform: LoginPlatform, user?: string): string
  /** Seed an object directly (tests, demos); skips signatures like an internal write. */
  putObject(bucket: string, key: string, body: Buffer, contentType?: string): void
}

export function createControls(state: EmulatorState): Controls {
  return {
    counters: () => ({ ...state.faults.counters }),
    reset() {
      state.faults.resetCounters()
      state.faults.rules = []
      state.clock.skewMs = 0
      state.objects.clear()
      state.results.clear()
    },
    setFaults(settings) {
      if (settings.rules !== undefined) {
        const rules = validateRules(settings.rules)
        if (typeof rules === 'string') throw new Error(rules)
        state.faults.rules = rules
      }
      if (settings.clockSkewMs !== undefined) {
        if (typeof settings.clockSkewMs !== 'number' || !Number.isFinite(settings.clockSkewMs))
          throw new Error('clockSkewMs must be a number')
        state.clock.skewMs = settings.clockSkewMs
      }
      return { rules: state.faults.rules.map((r) => ({ ...r })), clockSkewMs: state.clock.skewMs }
    },
    clearFaults() {
      state.faults.rules = []
      state.clock.skewMs = 0
    },
    expireTokens: () => state.credentials.expireAll(state.clock.now()),
    mintLoginCode(platform, user = 'emulator-user') {
      if (!(LOGIN_PLATFORMS as readonly string[]).includes(platform)) throw new Error(`unknown platform ${String(platform)}`)
      return state.loginCodes.mint(platform, user, state.clock.now())
    },
    putObject(bucket, key, body, contentType = 'application/octet-stream') {
      if (!state.objects.hasBucket(bucket)) throw new Error(`no bucket ${bucket}`)
      state.objects.put(bucket, key, body, contentType, state.clock.now(), state.options.buckets[bucket]?.objectTtlMs)
    },
  }
}
