/**
 * `viapi-miniprogram-core/operations`: every vision operation as data (product, action, RAM
 * action, documented limits, the vendor page), their result types, the limit tables and the
 * moderation regions. The main entry exports the client operations and their result types.
 */
import { recognizeBankCardOperation } from './bank-card'
import { detectImageFacesOperation } from './faces'
import type { Operation } from './operation'
import { segmentCommonImageOperation } from './segment'
import { textModerationPlusOperation } from './text-moderation'

export * from './operation'
export * from './bank-card'
export * from './segment'
export * from './faces'
export * from './text-moderation'
export * from './oss-sts-token'
export * from './moderation-regions'

/**
 * Every operation the kit calls with a user's STS credentials, straight from the phone. The
 * backend's per-user session policy and the RAM role policy allow exactly these actions (plus the
 * upload); `getOssStsTokenOperation` is not here: only a server with its own key calls it.
 */
export const CLIENT_OPERATIONS: ReadonlyArray<Operation<never, unknown>> = [
  recognizeBankCardOperation,
  segmentCommonImageOperation,
  textModerationPlusOperation,
  detectImageFacesOperation,
] as ReadonlyArray<Operation<never, unknown>>
