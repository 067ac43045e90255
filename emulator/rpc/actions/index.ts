import type { RpcAction } from './types'
import { assumeRole } from './assume-role'
import { recognizeBankCard } from './recognize-bank-card'
import { segmentCommonImage } from './segment-common-image'
import { getOssStsToken } from './get-oss-sts-token'
import { textModerationPlus } from './text-moderation-plus'
import { detectImageFaces } from './detect-image-faces'

export const ACTIONS: readonly RpcAction[] = [
  assumeRole,
  recognizeBankCard,
  segmentCommonImage,
  getOssStsToken,
  textModerationPlus,
  detectImageFaces,
]

export function findAction(action: string): RpcAction | undefined {
  return ACTIONS.find((a) => a.action === action)
}
