// viapiutils 2020-04-01 GetOssStsToken: the SDK's "upload a local file first" helper. The key it
// returns may only PostObject into the viapi temp bucket under keys that start with its own id.
import type { RpcAction } from './types'

export const getOssStsToken: RpcAction = {
  action: 'GetOssStsToken',
  version: '2020-04-01',
  service: 'viapiutils',
  // Minting credentials is a permission of its own: a user's STS token (whose session policy allows
  // only the vision actions) must not be able to turn itself into temp-bucket upload keys.
  ramAction: 'viapi:GetOssStsToken',
  async run({ state, requestId }) {
    const o = state.options
    const cred = state.credentials.issue({
      expiresAt: state.clock.now() + o.viapiTempTokenSeconds * 1000,
      policies: [],
      issuedBy: 'GetOssStsToken',
    })
    cred.policies = [
      {
        Version: '1',
        Statement: [{ Effect: 'Allow', Action: ['oss:PutObject'], Resource: [`acs:oss:*:*:${o.viapiTempBucket}/${cred.accessKeyId}*`] }],
      },
    ]
    // The real answer has no Expiration field.
    return {
      RequestId: requestId,
      Data: { AccessKeyId: cred.accessKeyId, AccessKeySecret: cred.accessKeySecret, SecurityToken: cred.securityToken },
    }
  },
}
