import type { RpcAction } from './types'
import { assumeRole } from './assume-role'
import { recognizeBankCard } from './recognize-bank-card'
import { segmentCommonImage } from './segment-common-image'
import { getOssStsToken } from './get-oss-sts-token'

export const ACTIONS: readonly RpcAction[] = [assumeRole, recognizeBankCard, segmentCommonImage, getOssStsToken]

export function findAction(action: string): RpcAction | undefined {
  return ACTIONS.find((a) => a.action === action)
}
