// The inline session policy attached to every AssumeRole. It can only narrow the role's own
// permissions: one user's STS token may write only under that user's key prefix and call only the
// RAM actions of the operations the phone runs (CLIENT_OPERATIONS, user-policy.ts), so a leaked
// token cannot touch other users' uploads.

export interface SessionPolicyInput {
  bucket: string
  keyPrefix: string
  userId: string
  /** OSS actions on the user's prefix besides PutObject (the signed-url route's GetObject). */
  objectActions?: readonly string[]
}

export interface PolicyStatement {
  Effect: 'Allow' | 'Deny'
  Action: string[]
  Resource: string[]
  Principal?: Record<string, string[]>
  Condition?: Record<string, Record<string, string>>
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

/**
 * PutObject (and `objectActions`) under the user's own prefix, then `grants`: the Allow statements for the operations'
 * RAM actions (`operationStatements`, which user-policy.ts passes).
 */
export function buildSessionPolicy(input: SessionPolicyInput, grants: readonly PolicyStatement[] = []): PolicyDocument {
  const upload: PolicyStatement = {
    Effect: 'Allow',
    Action: ['oss:PutObject', ...(input.objectActions ?? [])],
    Resource: [`acs:oss:*:*:${input.bucket}/${userKeyPrefix(input.keyPrefix, input.userId)}*`],
  }
  return { Version: '1', Statement: [upload, ...grants] }
}

/** STS rejects policies longer than 2048 characters; serialize compactly and check. */
export function serializePolicy(policy: PolicyDocument): string {
  const json = JSON.stringify(policy)
  if (json.length > 2048) throw new Error(`session policy is ${json.length} chars; STS allows 2048`)
  return json
}
