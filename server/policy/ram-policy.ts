import type { ImageUrlRoute } from '../../src/lib/credentials'
import { operationStatements } from './operation-statements'
import { routeObjectActions, routeStatements, VIAPI_PASS_ROLE } from './route-statements'
import { parseRoleArn } from './role-arn'
import { normalizePrefix } from './session-policy'
import type { PolicyDocument } from './session-policy'

// The policies a user pastes into the RAM console once. The per-user session policy
// (session-policy.ts) narrows the role's permission policy further on every AssumeRole.

export interface RamPolicyInput {
  bucket: string
  keyPrefix: string
  roleArn: string
  /** RAM user name that runs the backend; omitted → the whole account (its root) may assume. */
  ramUserName?: string
  /** IMM project users may run face detection in; omitted → no IMM statement. */
  immProject?: string
  /** Region of the IMM project. @default 'cn-shanghai' */
  region?: string
  /** The backend's VIAPI_IMAGE_URL_ROUTE: what the role must allow besides uploads. @default 'signed-url' */
  imageUrlRoute?: ImageUrlRoute
}

export interface TrustPolicy {
  Version: '1'
  Statement: Array<{ Effect: 'Allow'; Action: 'sts:AssumeRole'; Principal: { RAM: string[] } }>
}

export interface RamPolicies {
  /** Attach to the role: what an assumed session may do at most. */
  rolePermissionPolicy: PolicyDocument
  /** The role's trust policy: who may assume it. */
  roleTrustPolicy: TrustPolicy
  /** Attach to the backend's RAM user: allows AssumeRole on this role only. */
  callerPolicy: PolicyDocument
}

export function buildRamPolicies(input: RamPolicyInput): RamPolicies {
  const { accountId } = parseRoleArn(input.roleArn)
  const prefix = normalizePrefix(input.keyPrefix)
  const route = input.imageUrlRoute ?? 'signed-url'
  const granted = operationStatements({ accountId, region: input.region ?? 'cn-shanghai', immProject: input.immProject })
  const principal = input.ramUserName ? `acs:ram::${accountId}:user/${input.ramUserName}` : `acs:ram::${accountId}:root`
  return {
    rolePermissionPolicy: {
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['oss:PutObject', ...routeObjectActions(route)],
          Resource: [`acs:oss:*:*:${input.bucket}/${prefix ? `${prefix}/` : ''}*`],
        },
        // The same statements every user's session policy asks for (user-policy.ts), from the
        // operation declarations and the route: a session policy can only narrow the role, so the
        // role must allow them all.
        ...granted,
        ...routeStatements(route),
        VIAPI_PASS_ROLE,
      ],
    },
    roleTrustPolicy: {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [principal] } }],
    },
    callerPolicy: {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole'], Resource: [input.roleArn] }],
    },
  }
}
