/** `2026-11-23T15:04:05Z`: RPC `Timestamp` / `x-acs-date` (UTC, no milliseconds). */
export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
}

/** `20261123T150405Z`: OSS V4 `x-oss-date`. */
export function ossV4Timestamp(ms: number): string {
  return isoTimestamp(ms).replace(/[-:]/g, '')
}

/** `20261123`: the date part of an OSS V4 credential scope. */
export function ossV4Date(ms: number): string {
  return ossV4Timestamp(ms).slice(0, 8)
}
