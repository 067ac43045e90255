import { CredentialsError, InputError, KitError, NetworkError, ServiceError } from '../lib'
import type { StringKey } from '../i18n/strings'
import { appConfig } from './config'

/** What the error screen says: a title, what to do, and the request id when the cloud gave one. */
export interface ErrorView {
  title: StringKey
  action: StringKey
  /** The technical detail (code + message), shown small for support. */
  detail: string
  requestId?: string
}

/** Maps any thrown value to one of the app's error messages. */
export function describeError(err: unknown): ErrorView {
  const detail = err instanceof KitError ? `${err.code}: ${err.message}` : String(err)
  if (err instanceof NetworkError) {
    if (err.failure === 'aborted') return { title: 'errCancelled', action: 'errCancelledAction', detail }
    if (err.failure === 'timeout') return { title: 'errTimeout', action: 'errTimeoutAction', detail }
    if (err.url.startsWith(appConfig.backendUrl)) return { title: 'errBackendDown', action: 'errBackendDownAction', detail }
    return { title: 'errOffline', action: 'errOfflineAction', detail }
  }
  if (err instanceof InputError) {
    if (err.code === 'ImageTooLarge') return { title: 'errTooLarge', action: 'errTooLargeAction', detail }
    if (err.code === 'EmptyFile') return { title: 'errEmpty', action: 'errEmptyAction', detail }
    return { title: 'errWrongType', action: 'errWrongTypeAction', detail }
  }
  if (err instanceof CredentialsError) return { title: 'errSession', action: 'errSessionAction', detail }
  if (err instanceof ServiceError) {
    if (err.service === 'backend' && (err.status === 401 || err.code === 'SessionExpired')) return { title: 'errSession', action: 'errSessionAction', detail }
    if (err.service === 'backend' && err.status >= 500) return { title: 'errBackendDown', action: 'errBackendDownAction', detail, requestId: err.requestId }
    if (err.code === 'EntityTooLarge' || err.code === 'InvalidImage.Size') return { title: 'errTooLarge', action: 'errTooLargeAction', detail, requestId: err.requestId }
    if (err.code === 'InvalidImage.Format' || err.code === 'InvalidFile.Content') return { title: 'errWrongType', action: 'errWrongTypeAction', detail, requestId: err.requestId }
    return { title: 'errService', action: 'errServiceAction', detail, requestId: err.requestId }
  }
  return { title: 'errService', action: 'errServiceAction', detail }
}
