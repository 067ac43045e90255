/**
 * The platform-agnostic core: no Taro, no node:* imports. Runs in WeChat, Alipay and DingTalk
 * mini programs, in browsers and in Node.
 */
export { KitError, NetworkError, ServiceError, InputError, CredentialsError, PlatformError } from './base/errors'
export type { KitErrorOptions, NetworkFailure, Recovery, ServiceErrorDetails, PlatformFailureReason } from './base/errors'
export { withRecovery, withoutRetry } from './base/retry'
export type { RecoveryOptions } from './base/retry'

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
export { createMiniProgramTransport } from './platform/mini-program-transport'
export type { MiniProgramGlobal, MiniProgramPlatform } from './platform/mini-program-transport'
export { createTaroTransport } from './platform/taro-transport'
export type { TaroLike } from './platform/taro-transport'
export { createFetchTransport } from './transport/fetch'
export type { FetchTransportOptions } from './transport/fetch'
export { createAbortController } from './transport/abort'

export type { Credentials, ImageUrlRoute, OssTarget, StsGrant, Provider } from './base/credentials'
export { createClock, parseHttpDate } from './base/clock'
export type { Clock } from './base/clock'
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

export { buildRpcRequest, hostOf, rpcV3Signer } from './rpc/request'
export { rpcV1Signer } from './rpc/signer-v1'
export type { RpcCall, RpcSignatureVersion, RpcSigner, SigningContext } from './rpc/request'
export { createRpcClient } from './rpc/client'
export type { RpcClient, RpcClientOptions, RefreshableCredentials } from './rpc/client'
export { describeCode, extractServerStringToSign } from './rpc/error-codes'
export { checkImageUrl, checkImageFile, sniffImageType, SHARED_IMAGE_LIMITS } from './image/checks'
export { imageTypeOf, contentTypeOf } from './image/limits'
export type { ImageLimits, ImageType } from './image/limits'
export { isHeif, readImageHeader } from './image/header'
export type { ImageHeader } from './image/header'
export { limitViolations, checkImageFits, displayedSize } from './image/fit'
export type { ImageFacts } from './image/fit'
export { planImage, replanSmaller } from './image/plan'
export type { ImagePlan, PlannedFormat, PlanOptions } from './image/plan'
export { BANK_CARD_IMAGE_LIMITS, SEGMENT_IMAGE_LIMITS, FACES_IMAGE_LIMITS } from './operations'
export { recognizeBankCardOperation, segmentCommonImageOperation, getOssStsTokenOperation } from './operations'
export type { Operation, RegionFallback, TextLengthLimits, BankCardResult, SegmentResult, OssStsToken } from './operations'
export {
  textModerationPlusOperation,
  detectImageFacesOperation,
  verdictOf,
  maxTextLengthFor,
  CLIENT_OPERATIONS,
} from './operations'
export type {
  ModerationResult,
  ModerationLabel,
  ModerationVerdict,
  ModerationService,
  FacesResult,
  DetectedFace,
} from './operations'
export {
  MODERATION_ENDPOINTS,
  DEFAULT_MODERATION_REGIONS,
  moderationEndpointsFor,
  withRegionFallback,
  isRegionFailure,
} from './operations/moderation-regions'
export { diagnoseSignatureMismatch } from './rpc/diagnose-signature'
export type { SignatureDiagnosis, SignatureDifference } from './rpc/diagnose-signature'
export { SignatureMismatchError, diagnoseSignatures, withSignatureDiagnosis } from './rpc/signature-mismatch-error'
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
