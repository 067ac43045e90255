import { ROLE_ARN } from '../policy/role-arn'
import { EMULATOR_DEFAULTS, REAL_ENDPOINTS } from './defaults'
import { tryUrl } from './reader'
import type { ConfigReader } from './reader'
import type { AppConfig } from './types'

/** STS: the endpoint (a bare origin), the backend's own key, the role users assume, the lifetime. */
export function readSts(r: ConfigReader, emulatorUrl: string, regionId: string): AppConfig['sts'] {
  const endpoint = r.endpoint('STS_ENDPOINT', emulatorUrl, REAL_ENDPOINTS.sts)
  const path = tryUrl(endpoint)?.pathname
  if (path !== undefined && path !== '' && path !== '/') {
    r.problem(`STS_ENDPOINT: must be a bare origin without a path (got "${endpoint}")`)
  }
  return {
    endpoint,
    regionId,
    ...readAccessKey(r),
    roleArn: readRoleArn(r),
    durationSeconds: r.int('STS_DURATION_SECONDS', 900, 900, 3600),
  }
}

/**
 * An explicit pair, or (cloud) none: the SDK's default chain. In emulator mode the emulator's dev
 * root key is the default, so a real key is never needed (nor sent) locally.
 */
function readAccessKey(r: ConfigReader): { accessKeyId?: string; accessKeySecret?: string } {
  let id = r.get('ALIBABA_CLOUD_ACCESS_KEY_ID')
  let secret = r.get('ALIBABA_CLOUD_ACCESS_KEY_SECRET')
  if (!r.cloud && id === undefined && secret === undefined) {
    id = r.get('EMULATOR_ROOT_ACCESS_KEY_ID') ?? EMULATOR_DEFAULTS.rootAccessKeyId
    secret = r.get('EMULATOR_ROOT_ACCESS_KEY_SECRET') ?? EMULATOR_DEFAULTS.rootAccessKeySecret
  }
  r.bothOrNeither('ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALIBABA_CLOUD_ACCESS_KEY_SECRET', id, secret)
  return { accessKeyId: id, accessKeySecret: secret }
}

function readRoleArn(r: ConfigReader): string {
  const roleArn = r.orEmulator('ALIBABA_CLOUD_ROLE_ARN', EMULATOR_DEFAULTS.roleArn)
  if (roleArn === undefined) {
    r.missingInCloud('ALIBABA_CLOUD_ROLE_ARN', 'set it to acs:ram::<accountId>:role/<name> (see `npm run ram-policy`)')
    return ''
  }
  r.matches('ALIBABA_CLOUD_ROLE_ARN', roleArn, ROLE_ARN, 'is not a role ARN; expected acs:ram::<accountId>:role/<name>')
  return roleArn
}
