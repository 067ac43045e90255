import { isIP } from 'node:net'

/** What the upload host is derived from: the OSS config. */
export interface OssHostConfig {
  endpoint: string
  bucket: string
  /** The bucket's bound custom domain (OSS_BUCKET_DOMAIN), used as it is. */
  bucketDomain?: string
}

/**
 * The upload host the client posts to, which is also the base of the object URLs the kit builds:
 * the bucket's bound domain when one is set (accounts that activated OSS on or after 2025-03-20 may
 * not use the default endpoint: https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000401),
 * else path-style `<endpoint>/<bucket>` for localhost / IP endpoints (the emulator), else
 * virtual-hosted `<scheme>://<bucket>.<endpoint host>` (contract's "OSS host rule").
 */
export function bucketHost(oss: OssHostConfig): string {
  return oss.bucketDomain ? oss.bucketDomain.replace(/\/+$/, '') : ossHost(oss.endpoint, oss.bucket)
}

/** The bucket's host on an OSS endpoint: path-style for the emulator, virtual-hosted for real OSS. */
export function ossHost(endpoint: string, bucket: string): string {
  const url = new URL(endpoint)
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  if (hostname === 'localhost' || isIP(hostname) !== 0) {
    return `${endpoint.replace(/\/+$/, '')}/${bucket}`
  }
  return `${url.protocol}//${bucket}.${url.host}`
}
