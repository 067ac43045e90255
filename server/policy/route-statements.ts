import type { ImageUrlRoute } from '../../src/lib/credentials'
import type { PolicyStatement } from './session-policy'

/**
 * The vendor's viapi policies, even the minimal single-API one, also grant `ram:PassRole` to the
 * viapi service (https://help.aliyun.com/document_detail/145025.html; AliyunVIAPIFullAccess); the
 * condition limits it to viapi, so the caller can pass a role to no other service. Why: docs/security.md.
 */
export const VIAPI_PASS_ROLE: PolicyStatement = {
  Effect: 'Allow',
  Action: ['ram:PassRole'],
  Resource: ['*'],
  Condition: { StringEquals: { 'acs:Service': 'viapi.aliyuncs.com' } },
}

/** What each image-URL route needs beyond PutObject: the OSS read action, or the temp-bucket token. */
export function routeObjectActions(route: ImageUrlRoute): string[] {
  return route === 'signed-url' ? ['oss:GetObject'] : []
}

/** The account-wide statements an image-URL route needs: GetOssStsToken for the viapi temporary bucket. */
export function routeStatements(route: ImageUrlRoute): PolicyStatement[] {
  return route === 'viapi-temp-bucket' ? [{ Effect: 'Allow', Action: ['viapi:GetOssStsToken'], Resource: ['*'] }] : []
}
