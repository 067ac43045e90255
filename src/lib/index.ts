/**
 * `viapi-miniprogram-core`: what an app needs to take a photo, upload it to OSS with STS
 * credentials and run a vision API on it, in WeChat, Alipay and DingTalk mini programs, browsers
 * and Node. No Taro, no node:* imports. Specialists import the subpaths (`/signing`, `/image`,
 * `/rpc`, `/oss`, `/credentials`, `/operations`, `/platform`; docs/library.md#entry-points).
 * test/lib/public-surface.test.ts fails when a name is added here by accident.
 */

// The kit: one object per app, its upload modes and credential sources.
export { createViapiKit, createKitCore, stsUploads, serverSignedUploads } from './kit/index'
export type { ViapiKit, ViapiKitOptions, KitCore, KitCoreOptions, ImageResult, UploadMode } from './kit/index'
export type { LocalImage, RemoteImage, RunOptions, ProgressUpdate, Phase } from './kit/index'
export { moderateText } from './kit/moderation'
export { fromBackend } from './credentials/backend-source'
export { fromBackendPolicies } from './oss/server-signed'
export { viapiTempBucketRoute } from './credentials/viapi-temp-route'
export type { StsGrant, Provider } from './base/credentials'
export type { ImageLimits } from './image/limits'

// The operations an app runs from the phone, and what each answers.
export { recognizeBankCardOperation, segmentCommonImageOperation, textModerationPlusOperation } from './operations'
export { detectImageFacesOperation, CLIENT_OPERATIONS } from './operations'
export type { Operation, BankCardResult, SegmentResult, ModerationResult, FacesResult } from './operations'

// Platforms: the profiles, and the transports and media helpers over them.
export { wechatPlatform } from './platform/wechat'
export { alipayPlatform } from './platform/alipay'
export { dingtalkPlatform } from './platform/dingtalk'
export type { PlatformProfile } from './platform/profile'
export { createMiniProgramTransport } from './platform/mini-program-transport'
export type { MiniProgramGlobal } from './platform/mini-program-transport'
export { createMiniProgramMedia } from './platform/media'
export type { MiniProgramMedia, MiniProgramMediaGlobal } from './platform/media'
export { createTaroTransport } from './platform/taro-transport'
export { getLoginCode } from './platform/login-code'
export { createFetchTransport } from './transport/fetch'
export { createAbortController } from './transport/abort'
export type { Transport } from './transport/types'

// Opt-in legacy signers: passing one links SHA-1, which the default V3/V4 path never does.
export { rpcV1Signer } from './rpc/signer-v1'
export { ossV1FormSigner } from './oss/post-form-v1'

// Errors: what went wrong, what the kit did about it, and what to do.
export { KitError, NetworkError, ServiceError, InputError, CredentialsError, PlatformError } from './base/errors'
export type { Recovery } from './base/errors'
