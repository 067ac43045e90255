/**
 * The platform-agnostic core: no Taro, no node:* imports. Runs in WeChat, Alipay and DingTalk
 * mini programs, in browsers and in Node.
 */
export { KitError, NetworkError, ServiceError, InputError, CredentialsError, PlatformError } from './errors'
export type { KitErrorOptions, NetworkFailure, Recovery, ServiceErrorDetails, PlatformFailureReason } from './errors'
export { withRecovery, withoutRetry } from './util/retry'
export type { RecoveryOptions } from './util/retry'

export { percentEncode } from './signing/percent-encode'
export { rpcCanonicalQuery, rpcStringToSign, rpcSignature, signRpcV1 } from './signing/rpc-v1'
export type { RpcV1SigningInput } from './signing/rpc-v1'
export {
  ACS3_ALGORITHM,
  acs3CanonicalQuery,
  acs3CanonicalRequest,
  acs3StringToSign,
  acs3Signature,
  acs3Authorization,
  sha256Hex,
} from './signing/acs3'
export type { Acs3Request } from './signing/acs3'
export { encodePostPolicy, ossPolicySignatureV4, ossV4SigningKey, ossV4Credential } from './signing/oss-post-policy'
export type { PostPolicy } from './signing/oss-post-policy'
export { ossPolicySignatureV1 } from './signing/oss-post-policy-v1'
export { isoTimestamp, ossV4Timestamp, ossV4Date } from './signing/timestamps'

export type { Transport, HttpRequest, HttpResponse, UploadRequest, UploadProgress, AbortSignalLike } from './transport/types'
export type { DownloadRequest, DownloadResponse } from './transport/types'
export { createMiniProgramTransport } from './transport/mini-program'
export type { MiniProgramGlobal, MiniProgramPlatform } from './transport/mini-program'
export { createTaroTransport } from './transport/taro'
export type { TaroLike } from './transport/taro'
export { createFetchTransport } from './transport/fetch'
export type { FetchTransportOptions } from './transport/fetch'
export { createAbortController } from './transport/abort'

export type { Credentials, ImageUrlRoute, OssTarget, StsGrant, Provider } from './credentials/types'
export { createClock, parseHttpDate } from './credentials/clock'
export type { Clock } from './credentials/clock'
export { memoize, expiresWithin } from './credentials/memoize'
export type { MemoizedProvider } from './credentials/memoize'
export { parseGrant } from './credentials/parse-grant'
export { fromBackend } from './credentials/backend-source'
export type { BackendSourceOptions } from './credentials/backend-source'

export { makeObjectKey, objectUrl } from './oss/object-key'
export { buildPostObjectForm, ossV4FormSigner } from './oss/post-form'
export type { PostFormSigner } from './oss/post-form'
export { ossV1FormSigner } from './oss/post-form-v1'
export type { PostObjectFormInput } from './oss/post-form'
export { parseOssError } from './oss/oss-error'
export { postObject } from './oss/upload'
export type { PostObjectInput, UploadedObject } from './oss/upload'

export { buildRpcRequest, hostOf, rpcV3Signer } from './viapi/rpc-request'
export { rpcV1Signer } from './viapi/rpc-signer-v1'
export type { RpcCall, RpcSignatureVersion, RpcSigner, SigningContext } from './viapi/rpc-request'
export { createRpcClient } from './viapi/rpc-client'
export type { RpcClient, RpcClientOptions, RefreshableCredentials } from './viapi/rpc-client'
export { describeCode, extractServerStringToSign } from './viapi/error-codes'
export { checkImageUrl, checkImageFile, sniffImageType, IMAGE_LIMITS } from './viapi/image-checks'
export { imageTypeOf, contentTypeOf } from './viapi/image-limits'
export type { ImageLimits, ImageType } from './viapi/image-limits'
export { isHeif, readImageHeader } from './viapi/image-header'
export type { ImageHeader } from './viapi/image-header'
export { limitViolations, checkImageFits, displayedSize } from './viapi/image-fit'
export type { ImageFacts } from './viapi/image-fit'
export { planImage, replanSmaller } from './viapi/plan-image'
export type { ImagePlan, PlannedFormat, PlanOptions } from './viapi/plan-image'
export { BANK_CARD_IMAGE_LIMITS, SEGMENT_IMAGE_LIMITS, FACES_IMAGE_LIMITS } from './viapi/operations'
export { recognizeBankCardOperation, segmentCommonImageOperation, getOssStsTokenOperation } from './viapi/operations'
export type { Operation, RegionFallback, TextLengthLimits, BankCardResult, SegmentResult, OssStsToken } from './viapi/operations'
export { textModerationPlusOperation, detectImageFacesOperation, verdictOf, maxTextLengthFor, CLIENT_OPERATIONS } from './viapi/operations'
export type { ModerationResult, ModerationLabel, ModerationVerdict, ModerationService, FacesResult, DetectedFace } from './viapi/operations'
export {
  MODERATION_ENDPOINTS,
  DEFAULT_MODERATION_REGIONS,
  moderationEndpointsFor,
  withRegionFallback,
  isRegionFailure,
} from './viapi/moderation-regions'
export { diagnoseSignatureMismatch } from './viapi/diagnose-signature'
export type { SignatureDiagnosis, SignatureDifference } from './viapi/diagnose-signature'
export { SignatureMismatchError, diagnoseSignatures, withSignatureDiagnosis } from './viapi/signature-mismatch-error'
export { isShanghaiOssUrl, ossUriOf } from './oss/shanghai-url'
export { fromBackendPolicies, parseSignedPostPolicy, uploadServerSigned } from './oss/server-signed'
export type { SignedPostPolicy, PostPolicySource, BackendPolicyOptions } from './oss/server-signed'
export type { RemoteImage } from './kit/index'

export { createKitCore, createViapiKit, serverSignedUploads, stsUploads } from './kit/index'
export type {
  KitCore,
  KitCoreOptions,
  ImageOperation,
  ImageResult,
  ViapiKit,
  ViapiKitOptions,
  LocalImage,
  Phase,
  ProgressUpdate,
  RunOptions,
  UploadMode,
} from './kit/index'
export { moderateText, moderationInput } from './kit/moderation'
export type { ModerateTextOptions } from './kit/moderation'

export { createMiniProgramMedia, contentTypeOfWord } from './platform/media'
export type { MiniProgramMedia, MiniProgramMediaGlobal, PickedPhoto, PhotoInfo, CompressOptions } from './platform/media'
export { failureDetail, refusal } from './platform/failure'
export type { FailureKind, PlatformFailure } from './platform/failure'
export { wechatPlatform } from './platform/wechat'
export { alipayPlatform } from './platform/alipay'
export { dingtalkPlatform } from './platform/dingtalk'
export { platformProfile } from './platform/profiles'
export type { PlatformProfile } from './platform/profile'
export { getLoginCode } from './platform/login-code'
export type { LoginApi } from './platform/login-code'
export { fromViapiTempBucket, VIAPI_TEMP_BUCKET } from './credentials/viapi-temp-bucket'
export { viapiTempBucketRoute } from './credentials/viapi-temp-route'
export type { GrantRoute } from './credentials/viapi-temp-route'
export type { ViapiTempBucketOptions } from './credentials/viapi-temp-bucket'
