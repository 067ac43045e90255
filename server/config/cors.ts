import { EMULATOR_DEFAULTS } from './defaults'
import { isHttpOrigin } from './reader'
import type { ConfigReader } from './reader'

/** CORS_ORIGINS: comma-separated origins the H5 app is served from; none in cloud mode unless set. */
export function readCorsOrigins(r: ConfigReader): string[] {
  const raw = r.get('CORS_ORIGINS')
  const origins =
    raw !== undefined
      ? raw
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean)
      : r.cloud
        ? []
        : [...EMULATOR_DEFAULTS.corsOrigins]
  for (const origin of origins) {
    if (!isHttpOrigin(origin)) {
      r.problem(`CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com (no path, no trailing slash, no *)`)
    }
  }
  return origins
}
