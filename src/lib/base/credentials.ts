/** Temporary credentials from STS (AssumeRole) or viapiutils GetOssStsToken. */
export interface Credentials {
  accessKeyId: string
  accessKeySecret: string
  securityToken: string
  /** When the credentials stop working, in the cloud's clock. */
  expiration: Date
}

/** Where uploads go, as the backend decides it. */
export interface OssTarget {
  bucket: string
  region: string
  /** Upload URL: `https://<bucket>.oss-cn-shanghai.aliyuncs.com` (or the emulator's path-style host). */
  host: string
  /** Every key must start with this (the session policy allows nothing else). */
  keyPrefix: string
  /** @default 'v4' */
  signatureVersion: 'v4' | 'v1'
  /** Largest upload the backend wants; the PostObject policy enforces it. */
  maxBytes: number
}

/**
 * How the vision API gets to read an uploaded photo (docs/real-cloud.md#image-url-routes):
 * - `signed-url`: a short-lived V4-signed GET URL of the user's own object (the grant allows
 *   `oss:GetObject` under the user's prefix);
 * - `viapi-temp-bucket`: upload to Alibaba Cloud's temporary bucket with `GetOssStsToken` keys and
 *   pass that object's URL (kept one day; the vendor advises against it in production);
 * - `plain-url`: the object's plain URL, for accounts where same-account read is confirmed.
 */
export type ImageUrlRoute = 'signed-url' | 'viapi-temp-bucket' | 'plain-url'

/** Everything one STS grant from the backend carries. */
export interface StsGrant {
  /** Signs uploads, and API calls unless `apiCredentials` is set. */
  credentials: Credentials
  /**
   * Signs the vision API calls when uploads use other credentials (the viapi temp bucket's
   * GetOssStsToken keys may only upload). @default credentials
   */
  apiCredentials?: Credentials
  oss: OssTarget
  /** Base URLs of the RPC services, e.g. `{ocr: 'https://ocr.cn-shanghai.aliyuncs.com'}`. */
  endpoints: Record<string, string>
  /** The backend's clock when it answered; used to correct the device clock. */
  serverTime: Date
  /** @default 'plain-url' when the backend names none (a backend older than the field) */
  imageUrlRoute?: ImageUrlRoute
}

/**
 * A credential provider is just a function; caching and refresh are wrappers around it.
 * `stale`, when given, is the value the caller found no longer working: a provider backed by a
 * cache (our backend caches STS credentials per user) must then not hand the same one back.
 */
export type Provider<T> = (stale?: T) => Promise<T>
