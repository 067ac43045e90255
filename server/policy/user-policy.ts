import type { ImageUrlRoute } from '../../src/lib/credentials'
import { operationStatements } from './operation-statements'
import { routeObjectActions, routeStatements, VIAPI_PASS_ROLE } from './route-statements'
import { accountOf } from './role-arn'
import { buildSessionPolicy, serializePolicy, type PolicyDocument } from './session-policy'

/** What a user's session policy reads from the backend config (an `AppConfig` fits). */
export interface UserPolicyConfig {
  oss: { bucket: string; region: string; keyPrefix: string; imageUrlRoute: ImageUrlRoute }
  sts: { roleArn: string }
  immProject?: string
}

/**
 * The session policy of one user: PutObject under the user's prefix (and GetObject there for the
 * signed-url route), the RAM action of every operation the kit calls from the phone
 * (CLIENT_OPERATIONS: the vision actions and text moderation on `*`, IMM face detection on the
 * configured project only), GetOssStsToken for the temp-bucket route, and viapi's PassRole.
 */
export function userSessionPolicy(config: UserPolicyConfig, userId: string): PolicyDocument {
  const route = config.oss.imageUrlRoute
  const grants = [
    ...operationStatements({ accountId: accountOf(config.sts.roleArn), region: config.oss.region, immProject: config.immProject }),
    ...routeStatements(route),
    VIAPI_PASS_ROLE,
  ]
  return buildSessionPolicy(
    { bucket: config.oss.bucket, keyPrefix: config.oss.keyPrefix, userId, objectActions: routeObjectActions(route) },
    grants,
  )
}

export function serializedUserPolicy(config: UserPolicyConfig, userId: string): string {
  return serializePolicy(userSessionPolicy(config, userId))
}
