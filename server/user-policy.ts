import type { AppConfig } from './config'
import { buildSessionPolicy, DEFAULT_VIAPI_ACTIONS, serializePolicy, type PolicyDocument } from './session-policy'

/** Text moderation has no resource-level authorization: `*` is the only resource it accepts. */
export const MODERATION_ACTION = 'yundun-greenweb:TextModerationPlus'
export const IMM_FACES_ACTION = 'imm:DetectImageFaces'

/** The account id in `acs:ram::<account>:role/<name>`, for resource ARNs of the same account. */
export function accountOf(roleArn: string): string {
  return /^acs:ram::(\d+):role\//.exec(roleArn)?.[1] ?? '*'
}

/**
 * The session policy of one user: the base policy (PutObject under the user's prefix, the two
 * vision actions), plus text moderation, plus IMM face detection on the configured project only.
 */
export function userSessionPolicy(config: AppConfig, userId: string): PolicyDocument {
  const policy = buildSessionPolicy({
    bucket: config.oss.bucket,
    keyPrefix: config.oss.keyPrefix,
    userId,
    actions: [...DEFAULT_VIAPI_ACTIONS, MODERATION_ACTION],
  })
  if (config.immProject) {
    policy.Statement.push({
      Effect: 'Allow',
      Action: [IMM_FACES_ACTION],
      Resource: [`acs:imm:${config.oss.region}:${accountOf(config.sts.roleArn)}:project/${config.immProject}`],
    })
  }
  return policy
}

export function serializedUserPolicy(config: AppConfig, userId: string): string {
  return serializePolicy(userSessionPolicy(config, userId))
}
