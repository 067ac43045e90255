/**
 * `viapi-miniprogram-core/credentials`: STS grants outside the kit: the backend source, the
 * cache that refreshes before expiry (one refresh at a time), the grant parser, the signing clock
 * and the vision platform's temporary bucket.
 */
export { fromBackend } from './backend-source'
export type { BackendSourceOptions } from './backend-source'
export { memoize, expiresWithin } from './memoize'
export type { MemoizedProvider } from './memoize'
export { parseGrant } from './parse-grant'
export { fromViapiTempBucket, VIAPI_TEMP_BUCKET } from './viapi-temp-bucket'
export type { ViapiTempBucketOptions } from './viapi-temp-bucket'
export { viapiTempBucketRoute } from './viapi-temp-route'
export type { GrantRoute } from './viapi-temp-route'
export { createClock, parseHttpDate } from '../base/clock'
export type { Clock } from '../base/clock'
export type { Credentials, ImageUrlRoute, OssTarget, StsGrant, Provider } from '../base/credentials'
