// sts 2015-04-01 AssumeRole: one configured role; validates RoleArn, RoleSessionName,
// DurationSeconds and the session Policy the way STS does, then issues an STS key whose
// effective permissions are the role policy narrowed by the session policy.
import { createHash } from 'node:crypto'
import { parsePolicy, type PolicyDocument } from '../../policy'
import { RpcError } from '../errors'
import { requireParam } from './required'
import type { RpcAction } from './types'

const bad = (code: string, message: string) => new RpcError(400, code, message)

export const assumeRole: RpcAction = {
  action: 'AssumeRole',
  version: '2015-04-01',
  service: 'sts',
  rootOnly: true,
  async run({ state, params, requestId }) {
    const o = state.options
    const roleArn = requireParam(params, 'RoleArn')
    const sessionName = requireParam(params, 'RoleSessionName')
    if (!/^acs:ram::\d+:role\/[A-Za-z0-9.@+=,_-]+$/.test(roleArn)) {
      throw bad('InvalidParameter.RoleArn', 'The parameter RoleArn is wrongly formed.')
    }
    // Role names are case-insensitive in RAM; the account part is not.
    if (roleArn.toLowerCase() !== o.roleArn.toLowerCase()) {
      throw new RpcError(404, 'EntityNotExist.Role', `The role not exists: ${roleArn}.`)
    }
    if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(sessionName)) {
      throw bad('InvalidParameter.RoleSessionName', 'The parameter RoleSessionName is wrongly formed.')
    }
    let duration = 3600
    if (params.DurationSeconds !== undefined) {
      duration = /^\d+$/.test(params.DurationSeconds) ? Number(params.DurationSeconds) : NaN
    }
    if (!(duration >= 900 && duration <= o.roleMaxSessionDuration)) {
      throw bad('InvalidParameter.DurationSeconds', `The Min/Max value of DurationSeconds is 15min/${o.roleMaxSessionDuration / 3600}hr.`)
    }
    const policies: PolicyDocument[] = [o.rolePolicy]
    if (params.Policy !== undefined && params.Policy !== '') {
      if (Buffer.byteLength(params.Policy, 'utf8') > 2048) {
        throw bad('InvalidParameter.PolicySize', 'The size of Policy must be smaller than 2048 bytes.')
      }
      const parsed = parsePolicy(params.Policy)
      if (!parsed.ok) throw bad('InvalidParameter.PolicyGrammar', `The parameter Policy has not passed grammar check: ${parsed.reason}.`)
      policies.push(parsed.policy)
    }
    const now = state.clock.now()
    // Expiration has second precision on the wire; keep the stored expiry identical to what we say.
    const expiresAt = Math.floor(now / 1000) * 1000 + duration * 1000
    const cred = state.credentials.issue({ expiresAt, policies, issuedBy: 'AssumeRole', sessionName })
    const roleName = o.roleArn.slice(o.roleArn.lastIndexOf('/') + 1)
    // Real AssumedRoleId is the role's 19-digit id; derive a stable one from the ARN.
    const roleId = String(parseInt(createHash('sha256').update(o.roleArn).digest('hex').slice(0, 12), 16)).padStart(19, '3')
    return {
      RequestId: requestId,
      AssumedRoleUser: {
        Arn: `acs:ram::${o.accountId}:assumed-role/${roleName}/${sessionName}`,
        AssumedRoleId: `${roleId}:${sessionName}`,
      },
      Credentials: {
        AccessKeyId: cred.accessKeyId,
        AccessKeySecret: cred.accessKeySecret,
        SecurityToken: cred.securityToken,
        Expiration: state.clock.isoSeconds(expiresAt),
      },
    }
  },
}
