import type { AppConfig } from '../config'
import { operationStatements } from './operation-statements'
import { accountOf } from './role-arn'
import { buildSessionPolicy, serializePolicy, type PolicyDocument } from './session-policy'

/**
 * The session policy of one user: PutObject under the user's prefix, plus the RAM action of every
 * operation the kit calls from the phone (CLIENT_OPERATIONS: the vision actions and text
 * moderation on `*`, IMM face detection on the configured project only).
 */
export function userSessionPolicy(config: AppConfig, userId: string): PolicyDocument {
  const grants = operationStatements({ accountId: accountOf(config.sts.roleArn), region: config.oss.region, immProject: config.immProject })
  return buildSessionPolicy({ bucket: config.oss.bucket, keyPrefix: config.oss.keyPrefix, userId }, grants)
}

export function serializedUserPolicy(config: AppConfig, userId: string): string {
  return serializePolicy(userSessionPolicy(config, userId))
}
