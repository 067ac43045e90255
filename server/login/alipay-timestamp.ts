/**
 * `yyyy-MM-dd HH:mm:ss` in Asia/Shanghai (UTC+8, no DST), the gateway's `timestamp` format. The SDK
 * would format the host's local time; a backend on a UTC host would then send a time 8 hours off
 * (Alipay's Java SDK formats GMT+8), so the verifier passes this instead, from its injected clock.
 */
export function alipayTimestamp(ms: number): string {
  const d = new Date(ms + 8 * 3600 * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return (
    `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ` +
    `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`
  )
}
