/**
 * Whether a vision API can read an image URL as it is: the object must already be in OSS in
 * Shanghai. True for the grant's own upload host (which is also how the emulator's path-style
 * host is recognized) and for any `<bucket>.oss-cn-shanghai[-internal].aliyuncs.com` host.
 */
export function isShanghaiOssUrl(url: string, grantHost?: string): boolean {
  const m = url.match(/^https?:\/\/([^/?#]+)(\/[^?#]*)?/i)
  if (!m) return false
  const host = m[1].toLowerCase()
  const path = m[2] ?? '/'
  if (grantHost) {
    const grantOrigin = grantHost.replace(/\/+$/, '').toLowerCase()
    if (url.toLowerCase().startsWith(grantOrigin + '/') && url.length > grantOrigin.length + 1) return true
  }
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\.oss-cn-shanghai(-internal)?\.aliyuncs\.com(:443)?$/.test(host) && path.length > 1
}

/**
 * `oss://<bucket>/<key>` of a Shanghai OSS URL (what IMM's SourceURI wants), or undefined. The
 * grant's own host maps to the grant's bucket; virtual-hosted URLs name the bucket in the host.
 */
export function ossUriOf(url: string, grant?: { host: string; bucket: string }): string | undefined {
  if (grant) {
    const host = grant.host.replace(/\/+$/, '')
    if (url.startsWith(host + '/') && url.length > host.length + 1)
      return `oss://${grant.bucket}/${decodeURIComponent(url.slice(host.length + 1).split(/[?#]/)[0])}`
  }
  const m = url.match(/^https?:\/\/([a-z0-9-]+)\.oss-cn-shanghai(?:-internal)?\.aliyuncs\.com(?::443)?\/([^?#]+)/i)
  return m ? `oss://${m[1].toLowerCase()}/${decodeURIComponent(m[2])}` : undefined
}
