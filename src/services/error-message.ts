import { CredentialsError, InputError, KitError, NetworkError, PlatformError, ServiceError } from '../lib'
import { failureDetail } from '../lib/platform'
import type { StringKey } from '../i18n/strings'
import { appConfig } from './config'

/** What the error screen says: a title, what to do, and the request id when the cloud gave one. */
export interface ErrorView {
  title: StringKey
  action: StringKey
  /** What to do, worked out for this error (e.g. which host to add where); replaces `action`. */
  actionText?: string
  /** The technical detail (code + message), shown small for support. */
  detail: string
  requestId?: string
}

/** Maps any thrown value to one of the app's error messages. */
export function describeError(err: unknown): ErrorView {
  // A raw platform object (`{errMsg}`, `{error, errorMessage}`) would print "[object Object]".
  const detail =
    err instanceof KitError
      ? `${err.code}: ${err.message}`
      : err instanceof Error
        ? err.message
        : failureDetail(err as Record<string, unknown>)
  if (err instanceof PlatformError) {
    if (err.reason === 'domain-not-allowed') {
      // Shown to whoever tests the build: exactly which host to add, and where.
      return { title: 'errDomain', action: 'errDomainAction', actionText: `${err.host ?? ''} → ${err.allowList ?? ''}`, detail }
    }
    if (err.reason === 'privacy-not-declared') return { title: 'errPrivacy', action: 'errPrivacyAction', detail }
    if (err.reason === 'privacy-declined') return { title: 'errPrivacyDeclined', action: 'errPrivacyDeclinedAction', detail }
    if (err.reason === 'permission-denied')
      return { title: 'errPermission', action: err.platform === 'dd' ? 'errPermissionSystemAction' : 'errPermissionAction', detail }
    // DingTalk's saveImageToPhotosAlbum names no permission error (2, 3, 17 "save failed"): a refused
    // album looks like any failed save there, so the most likely fix is said with it.
    if (err.api === 'saveImageToPhotosAlbum' || err.api === 'saveImage')
      return { title: 'errSaveFailed', action: err.platform === 'dd' ? 'errPermissionSystemAction' : 'errPlatformAction', detail }
    return { title: 'errPlatform', action: 'errPlatformAction', detail }
  }
  if (err instanceof NetworkError) {
    if (err.failure === 'aborted') return { title: 'errCancelled', action: 'errCancelledAction', detail }
    if (err.failure === 'timeout') return { title: 'errTimeout', action: 'errTimeoutAction', detail }
    if (err.url.startsWith(appConfig.backendUrl)) return { title: 'errBackendDown', action: 'errBackendDownAction', detail }
    return { title: 'errOffline', action: 'errOfflineAction', detail }
  }
  if (err instanceof InputError) {
    if (err.code === 'ImageTooLarge') return { title: 'errTooLarge', action: 'errTooLargeAction', detail }
    if (err.code === 'ImageResolutionTooHigh' || err.code === 'ImageAspectUnsupported')
      return { title: 'errTooManyPixels', action: 'errTooManyPixelsAction', detail }
    if (err.code === 'ImageTooSmall') return { title: 'errTooSmall', action: 'errTooSmallAction', detail }
    if (err.code === 'NotAnImage') return { title: 'errNotImage', action: 'errNotImageAction', detail }
    if (err.code === 'EmptyFile') return { title: 'errEmpty', action: 'errEmptyAction', detail }
    return { title: 'errWrongType', action: 'errWrongTypeAction', detail }
  }
  if (err instanceof CredentialsError) return { title: 'errSession', action: 'errSessionAction', detail }
  if (err instanceof ServiceError) {
    if (err.service === 'backend' && (err.status === 401 || err.code === 'SessionExpired'))
      return { title: 'errSession', action: 'errSessionAction', detail }
    if (err.service === 'backend' && err.status >= 500)
      return { title: 'errBackendDown', action: 'errBackendDownAction', detail, requestId: err.requestId }
    if (err.code === 'EntityTooLarge' || err.code === 'InvalidImage.Size')
      return { title: 'errTooLarge', action: 'errTooLargeAction', detail, requestId: err.requestId }
    if (err.code === 'InvalidImage.Format' || err.code === 'InvalidFile.Content')
      return { title: 'errWrongType', action: 'errWrongTypeAction', detail, requestId: err.requestId }
    return { title: 'errService', action: 'errServiceAction', detail, requestId: err.requestId }
  }
  return { title: 'errService', action: 'errServiceAction', detail }
}
