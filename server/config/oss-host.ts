import { isIP } from 'node:net'

/**
 * The upload host the client posts to (contract's "OSS host rule"): path-style
 * `<endpoint>/<bucket>` for localhost / IP endpoints (the emulator), virtual-hosted
 * `<scheme>://<bucket>.<endpoint host>` for real OSS.
 */
export function ossHost(endpoint: string, bucket: string): string {
  const url = new URL(endpoint)
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  if (hostname === 'localhost' || isIP(hostname) !== 0) {
    return `${endpoint.replace(/\/+$/, '')}/${bucket}`
  }
  return `${url.protocol}//${bucket}.${url.host}`
}
