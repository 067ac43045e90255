// The inline session policy attached to every AssumeRole. It can only narrow the role's own
// permissions: one user's STS token may write only under that user's key prefix and call only the
// two vision actions, so a leaked token cannot touch other users' uploads.

import { recognizeBankCardOperation, segmentCommonImageOperation } from '../../src/lib'

/** The two vision actions of the wire contract's minimal policy, from the operation declarations. */
export const DEFAULT_VIAPI_ACTIONS: readonly string[] = [recognizeBankCardOperation.ramAction, segmentCommonImageOperation.ramAction]

export interface SessionPolicyInput {
  bucket: string
  keyPrefix: string
  userId: string
  actions?: readonly string[]
}

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny'
  Action: string[]
  Resource: string[]
  Principal?: Record<string, string[]>
}

export interface PolicyDocument {
  Version: '1'
  Statement: PolicyStatement[]
}

/** Trims slashes so `uploads/`, `/uploads` and `uploads` all mean the same prefix. */
export function normalizePrefix(prefix: string): string {
  return prefix.replace(/^\/+|\/+$/g, '')
}

/** The object-key prefix a user may write to, with a trailing slash: `uploads/<userId>/`. */
export function userKeyPrefix(keyPrefix: string, userId: string): string {
  const p = normalizePrefix(keyPrefix)
  return p ? `${p}/${userId}/` : `${userId}/`
}

export function buildSessionPolicy(input: SessionPolicyInput): PolicyDocument {
  const actions = [...(input.actions ?? DEFAULT_VIAPI_ACTIONS)]
  const statements: PolicyStatement[] = [
    {
      Effect: 'Allow',
      Action: ['oss:PutObject'],
      Resource: [`acs:oss:*:*:${input.bucket}/${userKeyPrefix(input.keyPrefix, input.userId)}*`],
    },
  ]
  if (actions.length > 0) statements.push({ Effect: 'Allow', Action: actions, Resource: ['*'] })
  return { Version: '1', Statement: statements }
}

/** STS rejects policies longer than 2048 characters; serialize compactly and check. */
export function serializePolicy(policy: PolicyDocument): string {
  const json = JSON.stringify(policy)
  if (json.length > 2048) throw new Error(`session policy is ${json.length} chars; STS allows 2048`)
  return json
}
