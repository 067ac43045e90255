import StsSdk, { AssumeRoleRequest } from '@alicloud/sts20150401'
import { $OpenApiUtil } from '@alicloud/openapi-core'
import Credential, { Config as CredentialConfig } from '@alicloud/credentials'
import { StsResponseError } from './errors'

// The backend's only dependency on STS is this interface, so routes are tested with a scripted
// fake and the real implementation is the official SDK.

export interface AssumeRoleInput {
  roleArn: string
  roleSessionName: string
  durationSeconds: number
  /** JSON session policy (≤ 2048 chars). */
  policy: string
}

export interface StsCredentials {
  accessKeyId: string
  accessKeySecret: string
  securityToken: string
  expiration: Date
}

export interface StsClient {
  assumeRole(input: AssumeRoleInput): Promise<StsCredentials>
}

export interface SdkStsOptions {
  /** `http(s)://host[:port]` — the SDK takes host and protocol separately. */
  endpoint: string
  regionId: string
  /** Both set → used as-is; both undefined → the SDK's default credential chain. */
  accessKeyId?: string
  accessKeySecret?: string
  connectTimeoutMs?: number
  readTimeoutMs?: number
}

/** The official SDK (`@alicloud/sts20150401`, ACS3-HMAC-SHA256 signing). */
export function createSdkStsClient(options: SdkStsOptions): StsClient {
  const url = new URL(options.endpoint)
  // Explicit credentials when configured (this is how the emulator's dev key reaches the SDK
  // without touching process.env); otherwise the default chain (env, ~/.alibabacloud, ECS role …).
  const credential =
    options.accessKeyId && options.accessKeySecret
      ? new Credential(
          new CredentialConfig({
            type: 'access_key',
            accessKeyId: options.accessKeyId,
            accessKeySecret: options.accessKeySecret,
          }),
        )
      : new Credential()
  const sdk = new StsSdk(
    new $OpenApiUtil.Config({
      credential,
      endpoint: url.host,
      protocol: url.protocol.replace(':', ''),
      regionId: options.regionId,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      readTimeout: options.readTimeoutMs ?? 10000,
    }),
  )

  return {
    async assumeRole(input) {
      const response = await sdk.assumeRole(
        new AssumeRoleRequest({
          roleArn: input.roleArn,
          roleSessionName: input.roleSessionName,
          durationSeconds: input.durationSeconds,
          policy: input.policy,
        }),
      )
      const c = response.body?.credentials
      const expiration = c?.expiration ? new Date(c.expiration) : undefined
      if (!c?.accessKeyId || !c.accessKeySecret || !c.securityToken || !expiration || Number.isNaN(expiration.getTime())) {
        throw new StsResponseError('AssumeRole answered without complete Credentials')
      }
      return {
        accessKeyId: c.accessKeyId,
        accessKeySecret: c.accessKeySecret,
        securityToken: c.securityToken,
        expiration,
      }
    },
  }
}
