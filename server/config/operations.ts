import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

/**
 * What operators run the backend with: the /metrics token and the drain on SIGTERM.
 * Metrics are off unless a token is set: counters by route and Redis state are no secret, but
 * they are nobody else's business either, and Prometheus sends a bearer token natively
 * (scrape_config `authorization`, https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config).
 */
export function readOperations(r: ConfigReader): Pick<AppConfig, 'metricsToken' | 'drainSeconds'> {
  const metricsToken = r.get('METRICS_TOKEN')
  // The problem names the variable, never echoes the value.
  if (metricsToken !== undefined && !/^[\x21-\x7e]{16,256}$/.test(metricsToken)) {
    r.problem(
      'METRICS_TOKEN: set 16 to 256 printable ASCII characters without spaces (e.g. openssl rand -hex 24), or unset it to turn /metrics off',
    )
  }
  // A load balancer needs a few health-check rounds to notice /readyz; no balancer locally.
  const drainSeconds = r.int('DRAIN_SECONDS', r.cloud ? 5 : 0, 0, 120)
  return { metricsToken, drainSeconds }
}
