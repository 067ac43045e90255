import StsSdk, { AssumeRoleRequest } from '@alicloud/sts20150401'
import { $OpenApiUtil } from '@alicloud/openapi-core'
import Credential, { Config as CredentialConfig } from '@alicloud/credentials'
import { ApiError } from '../errors'

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
  const credential = options.accessKeyId && options.accessKeySecret
    ? new Credential(new CredentialConfig({
        type: 'access_key',
        accessKeyId: options.accessKeyId,
        accessKeySecret: options.accessKeySecret,
      }))
    : new Credential()
  const sdk = new StsSdk(new $OpenApiUtil.Config({
    credential,
    endpoint: url.host,
    protocol: url.protocol.replace(':', ''),
    regionId: options.regionId,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    readTimeout: options.readTimeoutMs ?? 10000,
  }))

  return {
    async assumeRole(input) {
      const response = await sdk.assumeRole(new AssumeRoleRequest({
        roleArn: input.roleArn,
        roleSessionName: input.roleSessionName,
        durationSeconds: input.durationSeconds,
        policy: input.policy,
      }))
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

export class StsResponseError extends Error {
  readonly code = 'InvalidStsResponse'
}

/** What we log about an STS failure: codes and ids only, never messages that could echo input. */
export interface StsFailureInfo {
  upstreamCode?: string
  upstreamStatus?: number
  requestId?: string
}

export function describeStsFailure(err: unknown): StsFailureInfo {
  if (typeof err !== 'object' || err === null) return {}
  const e = err as Record<string, unknown>
  return {
    upstreamCode: typeof e.code === 'string' ? e.code.slice(0, 64) : undefined,
    upstreamStatus: typeof e.statusCode === 'number' ? e.statusCode : undefined,
    requestId: typeof e.requestId === 'string' ? e.requestId.slice(0, 64) : undefined,
  }
}

/**
 * Maps any AssumeRole failure to a 502 for the client. The upstream message is dropped on purpose:
 * SDK messages can quote the request (AccessKeyId, signature strings), and clients cannot act on
 * them anyway. Throttling gets its own code so clients know to back off.
 */
export function mapStsError(err: unknown): ApiError {
  const { upstreamCode, upstreamStatus } = describeStsFailure(err)
  if (upstreamCode && /Throttling/i.test(upstreamCode)) {
    return new ApiError(502, 'StsThrottled', 'The credential service is throttling requests; retry later')
  }
  if (upstreamStatus !== undefined && upstreamStatus >= 400 && upstreamStatus < 500) {
    // 4xx from STS means our own setup is wrong (key, role ARN, trust policy): not the client's fault.
    return new ApiError(502, 'StsRejected', `The credential service rejected the backend's request (${upstreamCode ?? upstreamStatus})`)
  }
  return new ApiError(502, 'StsUnavailable', 'The credential service is unavailable; retry later')
}
