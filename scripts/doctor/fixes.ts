/**
 * What to do about each error code a live doctor step can meet, by the step that met it: the same
 * code can mean different things (EntityNotExist.Role from AssumeRole is a wrong role ARN; from a
 * vision API it is viapi's missing service-role grant). Vendor pages: see `DOCS`.
 */
export type Stage = 'sts' | 'upload' | 'recognize'

export interface Fix {
  fix: string
  docs?: string
}

export const DOCS = {
  stsErrors: 'https://www.alibabacloud.com/help/doc-detail/42775.htm',
  publicEndpointForbidden: 'https://www.alibabacloud.com/help/en/oss/user-guide/0048-00000401',
  ossPostObjectErrors: 'https://www.alibabacloud.com/help/en/oss/how-to-handle-common-errors-when-the-postobject-operation-is-called',
  oss403: 'https://www.alibabacloud.com/help/en/oss/how-to-troubleshoot-403-status-code-when-you-access-oss',
  viapiRam: 'https://help.aliyun.com/document_detail/145025.html',
  viapiErrors: 'https://help.aliyun.com/document_detail/146751.html',
} as const

const RAM_POLICY = 'run `npm run ram-policy -- --user <ram-user>` and attach what it prints'

const STS: Record<string, Fix> = {
  'EntityNotExist.Role': {
    fix:
      'ALIBABA_CLOUD_ROLE_ARN names a role that does not exist: copy the ARN from RAM console → Roles → your role ' +
      "(acs:ram::<accountId>:role/<name>; the account id is the role owner's).",
    docs: DOCS.stsErrors,
  },
  'InvalidAccessKeyId.NotFound': {
    fix:
      "ALIBABA_CLOUD_ACCESS_KEY_ID is unknown: copy the RAM user's AccessKey id again (no spaces), " +
      'or create a new AccessKey for the user.',
    docs: DOCS.stsErrors,
  },
  'InvalidAccessKeyId.Inactive': {
    fix: 'The AccessKey is disabled: enable it (RAM console → Users → the user → AccessKey) or create a new one.',
    docs: DOCS.stsErrors,
  },
  SignatureDoesNotMatch: {
    fix:
      'ALIBABA_CLOUD_ACCESS_KEY_SECRET does not belong to ALIBABA_CLOUD_ACCESS_KEY_ID: ' +
      'copy the pair again (the secret is shown only when the key is created).',
    docs: DOCS.stsErrors,
  },
  NoPermission: {
    fix:
      "The RAM user may not assume this role: give it sts:AssumeRole on the role and make the role's trust policy name your account " +
      `(${RAM_POLICY}); use a RAM user's key, not the main account's.`,
    docs: DOCS.stsErrors,
  },
  'Forbidden.RAM': { fix: `The RAM user may not assume this role: ${RAM_POLICY}.`, docs: DOCS.stsErrors },
  MissingSecurityToken: {
    fix: "The AccessKey is a temporary (STS) key: the backend needs a RAM user's long-term AccessKey.",
    docs: DOCS.stsErrors,
  },
  'InvalidParameter.DurationSeconds': {
    fix: "STS_DURATION_SECONDS is above the role's maximum session duration: lower it or raise the role's MaxSessionDuration.",
    docs: DOCS.stsErrors,
  },
  'InvalidParameter.PolicyGrammar': {
    fix:
      'STS refused the generated session policy: check OSS_BUCKET, OSS_KEY_PREFIX and IMM_PROJECT, ' +
      'then report it with `npm run ram-policy` output.',
    docs: DOCS.stsErrors,
  },
  'InvalidParameter.PolicySize': {
    fix: 'The generated session policy is over 2048 bytes: shorten OSS_KEY_PREFIX / IMM_PROJECT.',
    docs: DOCS.stsErrors,
  },
  'InvalidTimeStamp.Expired': { fix: "This machine's clock is more than 15 minutes off: sync it (NTP) and run again." },
}

const UPLOAD: Record<string, Fix> = {
  PublicEndpointForbidden: {
    fix:
      'This account may not use the default OSS endpoint ' +
      '(accounts that activated OSS on or after 2025-03-20, buckets in the Chinese mainland): ' +
      'bind a custom domain to the bucket with an HTTPS certificate and its CNAME, set OSS_BUCKET_DOMAIN=https://<that domain>, ' +
      "and put it on each console's uploadFile list (`npm run domains`).",
    docs: DOCS.publicEndpointForbidden,
  },
  AccessDenied: {
    fix:
      "The role may not write under the user's prefix: " +
      `the role's policy must allow oss:PutObject on acs:oss:*:*:<bucket>/<prefix>/* (${RAM_POLICY}); ` +
      'check OSS_BUCKET / OSS_KEY_PREFIX and that no bucket policy denies it.',
    docs: DOCS.oss403,
  },
  NoSuchBucket: {
    fix: 'OSS_BUCKET does not exist (or not in OSS_REGION): create it in Shanghai (cn-shanghai), private, or fix the name.',
    docs: DOCS.ossPostObjectErrors,
  },
  InvalidAccessKeyId: {
    fix:
      'OSS does not know the STS key just minted: ' +
      "OSS_REGION must be the bucket's region and the role must be in the bucket's account.",
    docs: DOCS.ossPostObjectErrors,
  },
  SignatureDoesNotMatch: {
    fix: "OSS computed another signature: OSS_REGION must be the bucket's region (the V4 signature includes it).",
    docs: DOCS.oss403,
  },
  RequestTimeTooSkewed: { fix: "This machine's clock is more than 15 minutes off: sync it (NTP) and run again.", docs: DOCS.oss403 },
}

const RECOGNIZE: Record<string, Fix> = {
  IllegalUrlParameter: {
    fix:
      'The vision API could not read the uploaded image by the URL it was given. ' +
      'With VIAPI_IMAGE_URL_ROUTE=plain-url the private object must be readable by the API (same-account read, unconfirmed): ' +
      'use signed-url (the default) or viapi-temp-bucket.',
    docs: DOCS.viapiErrors,
  },
  'InvalidImage.Download': {
    fix:
      'The vision API could not download the uploaded image: ' +
      'use VIAPI_IMAGE_URL_ROUTE=signed-url (the default) or viapi-temp-bucket, and keep the bucket in Shanghai.',
    docs: DOCS.viapiErrors,
  },
  'InvalidImage.Region': {
    fix: 'The image must be in OSS in Shanghai: use a bucket in cn-shanghai (OSS_REGION=cn-shanghai).',
    docs: DOCS.viapiErrors,
  },
  'EntityNotExist.Role': {
    fix:
      "viapi's service role is missing: " +
      `the role's policy must also allow ram:PassRole with acs:Service = viapi.aliyuncs.com (${RAM_POLICY}), ` +
      'or ask the main account to grant AliyunVIAPIFullAccess.',
    docs: DOCS.viapiRam,
  },
  NoPermission: {
    fix:
      'The role or the session policy does not allow viapi-ocr:RecognizeBankCard ' +
      '(on the viapi-temp-bucket route also viapi:GetOssStsToken; and ram:PassRole for viapi): ' +
      `${RAM_POLICY}; activate the OCR service in the console.`,
    docs: DOCS.viapiRam,
  },
  'Forbidden.RAM': { fix: `The role does not allow viapi-ocr:RecognizeBankCard: ${RAM_POLICY}.`, docs: DOCS.viapiRam },
  'InvalidAccessKeyId.NotFound': {
    fix:
      'The vision endpoint does not know the STS key: ' +
      'OCR_ENDPOINT must be the Shanghai endpoint of the same cloud (https://ocr.cn-shanghai.aliyuncs.com).',
    docs: DOCS.viapiErrors,
  },
  'InvalidTimeStamp.Expired': { fix: "This machine's clock is more than 15 minutes off: sync it (NTP) and run again." },
}

const BY_STAGE: Record<Stage, Record<string, Fix>> = { sts: STS, upload: UPLOAD, recognize: RECOGNIZE }

/**
 * The API could not read the image: what to change depends on the route that built its URL
 * (docs/real-cloud.md#image-url-routes).
 */
const UNREADABLE = new Set(['IllegalUrlParameter', 'InvalidImage.Download', 'InvalidImage.Region'])
const UNREADABLE_BY_ROUTE: Record<string, Fix> = {
  'plain-url': {
    fix:
      'The vision API may not read the private object by its plain URL on this account (same-account read does not hold): ' +
      'set VIAPI_IMAGE_URL_ROUTE=signed-url (the default).',
    docs: DOCS.viapiErrors,
  },
  'signed-url': {
    fix:
      'The vision API refused the signed URL. On a bound domain it may not count as Shanghai OSS (unverified): ' +
      'try VIAPI_IMAGE_URL_ROUTE=viapi-temp-bucket; and keep the bucket in cn-shanghai.',
    docs: DOCS.viapiErrors,
  },
}

/**
 * The fix for `code` met at `stage` (for an unreadable image, by `route`), or undefined when the
 * doctor has none of its own.
 */
export function fixFor(stage: Stage, code: string, route?: string): Fix | undefined {
  if (stage === 'recognize' && UNREADABLE.has(code) && route && UNREADABLE_BY_ROUTE[route]) return UNREADABLE_BY_ROUTE[route]
  return BY_STAGE[stage][code]
}

/** Error codes of Node's network stack that mean "no answer at all" (no route, DNS, refused, reset, TLS). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'NetworkError',
  'Timeout',
])
/** Families of them: undici's (UND_ERR_…) and TLS certificate checks (CERT_…, UNABLE_TO_…). */
const NETWORK_CODE_FAMILIES = /^(UND_ERR_|CERT_|UNABLE_TO_)\w+$/

export function isNetworkCode(code: string | undefined): boolean {
  return code !== undefined && (NETWORK_CODES.has(code) || NETWORK_CODE_FAMILIES.test(code))
}

/** What to do when a host does not answer at all. */
export function networkFix(host: string, variable: string): Fix {
  return {
    fix:
      `${host} did not answer from this machine: check the network, proxy (HTTPS_PROXY) and firewall, and ${variable}. ` +
      'Run again with --offline to skip the live steps.',
  }
}
