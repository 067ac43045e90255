import { CLIENT_OPERATIONS, CredentialsError, fromBackend, ServiceError, type Provider, type StsGrant, type Transport } from '../../src/lib'
import { VIAPI_TEMP_BUCKET, type ImageUrlRoute } from '../../src/lib/credentials'
import { getOssStsTokenOperation } from '../../src/lib/operations'
import { cloudEndpoints, endpointVariable, REAL_ENDPOINTS } from '../../server/config'
import { bucketHost } from '../../server/config/oss-host'
import { IMAGE_URL_ROUTES } from '../../server/config/oss'

type Env = Record<string, string | undefined>

/**
 * Where the CLI gets STS grants: our backend (same as the app), or the standard Alibaba Cloud
 * environment variables for an STS token someone else minted (CI jobs, function compute, ECS).
 */
export function grantsFromEnv(env: Env, transport: Transport): Provider<StsGrant> {
  if (env.VIAPI_BACKEND_URL) return backendGrants(env, env.VIAPI_BACKEND_URL, transport)
  if (env.ALIBABA_CLOUD_ACCESS_KEY_ID) return stsTokenGrants(env)
  throw new CredentialsError('NoCredentials', 'No credentials configured', {
    hint:
      'Set VIAPI_BACKEND_URL (with VIAPI_SESSION_TOKEN or VIAPI_EMULATOR_URL), ' +
      'or ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET / ALIBABA_CLOUD_SECURITY_TOKEN and OSS_BUCKET.',
  })
}

function backendGrants(env: Env, backendUrl: string, transport: Transport): Provider<StsGrant> {
  const fixed = env.VIAPI_SESSION_TOKEN
  const emulatorUrl = env.VIAPI_EMULATOR_URL
  if (!fixed && !emulatorUrl) {
    throw new CredentialsError('NoSession', 'VIAPI_BACKEND_URL is set but there is no way to get a session', {
      hint: 'Set VIAPI_SESSION_TOKEN (from POST /api/login), or VIAPI_EMULATOR_URL to log in on the local emulator.',
    })
  }
  return fromBackend({
    transport,
    backendUrl,
    async getSessionToken(renew) {
      if (fixed && !(renew && emulatorUrl)) return fixed
      return emulatorLogin(transport, emulatorUrl!, backendUrl, env.VIAPI_USER ?? 'cli-user')
    },
  })
}

/** Emulator only: mint an h5 login code at the emulator's admin API, then log in at the backend. */
async function emulatorLogin(transport: Transport, emulatorUrl: string, backendUrl: string, user: string): Promise<string> {
  const post = async (url: string, body: unknown, service: string) => {
    const res = await transport.request({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    let json: Record<string, unknown> = {}
    try {
      json = JSON.parse(res.body) as Record<string, unknown>
    } catch {
      /* not JSON: reported below */
    }
    if (res.status !== 200) {
      throw new ServiceError(
        {
          service,
          status: res.status,
          code: typeof json.code === 'string' ? json.code : `Http${res.status}`,
          message: typeof json.message === 'string' ? json.message : res.body.slice(0, 200),
        },
        {
          hint:
            service === 'emulator'
              ? 'Is the emulator running at VIAPI_EMULATOR_URL?'
              : 'Check VIAPI_BACKEND_URL and that h5 login is enabled (emulator mode).',
        },
      )
    }
    return json
  }
  const { code } = await post(`${emulatorUrl.replace(/\/+$/, '')}/__admin/login-code`, { platform: 'h5', user }, 'emulator')
  const { token } = await post(`${backendUrl.replace(/\/+$/, '')}/api/login`, { platform: 'h5', code }, 'backend')
  if (typeof token !== 'string') throw new CredentialsError('InvalidLogin', 'The backend answered the login without a token')
  return token
}

function stsTokenGrants(env: Env): Provider<StsGrant> {
  const need = (name: string): string => {
    const v = env[name]
    if (!v)
      throw new CredentialsError('MissingVariable', `${name} is not set`, {
        hint: `Set ${name} (STS credentials need an AccessKey pair, a security token and OSS_BUCKET).`,
      })
    return v
  }
  const accessKeyId = need('ALIBABA_CLOUD_ACCESS_KEY_ID')
  const accessKeySecret = need('ALIBABA_CLOUD_ACCESS_KEY_SECRET')
  const securityToken = need('ALIBABA_CLOUD_SECURITY_TOKEN')
  const bucket = need('OSS_BUCKET')
  const endpoint = (env.OSS_ENDPOINT ?? REAL_ENDPOINTS.oss).replace(/\/+$/, '')
  const prefix = (env.OSS_KEY_PREFIX ?? 'uploads').replace(/^\/+|\/+$/g, '')
  // The token's real expiry is not in the environment; one hour is STS's default lifetime.
  const expiration = env.ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION
    ? new Date(env.ALIBABA_CLOUD_SECURITY_TOKEN_EXPIRATION)
    : new Date(Date.now() + 3600_000)
  const imageUrlRoute = (env.VIAPI_IMAGE_URL_ROUTE ?? 'signed-url') as ImageUrlRoute
  if (!IMAGE_URL_ROUTES.includes(imageUrlRoute)) {
    throw new CredentialsError('BadVariable', `VIAPI_IMAGE_URL_ROUTE is "${imageUrlRoute}"`, {
      hint: `Use one of ${IMAGE_URL_ROUTES.join(', ')} (docs/real-cloud.md#image-url-routes).`,
    })
  }
  const temp = imageUrlRoute === 'viapi-temp-bucket'
  return async () => ({
    imageUrlRoute,
    credentials: { accessKeyId, accessKeySecret, securityToken, expiration },
    oss: {
      region: env.OSS_REGION ?? 'cn-shanghai',
      signatureVersion: 'v4',
      maxBytes: 3 * 1024 * 1024,
      // The temp-bucket route uploads to Alibaba Cloud's bucket, under the GetOssStsToken key (the kit sets the prefix).
      ...(temp
        ? {
            bucket: VIAPI_TEMP_BUCKET,
            host: env.VIAPI_TEMP_BUCKET_HOST ?? `https://${VIAPI_TEMP_BUCKET}.oss-cn-shanghai.aliyuncs.com`,
            keyPrefix: '',
          }
        : {
            bucket,
            host: env.OSS_HOST ?? bucketHost({ endpoint, bucket, bucketDomain: env.OSS_BUCKET_DOMAIN }),
            keyPrefix: prefix ? `${prefix}/` : '',
          }),
    },
    endpoints: { ...envEndpoints(env), ...(temp ? { viapiutils: env.VIAPIUTILS_ENDPOINT ?? getOssStsTokenOperation.cloudEndpoint } : {}) },
    serverTime: new Date(),
  })
}

/** Every product the operations call, as the backend would hand it out in cloud mode: `<PRODUCT>_ENDPOINT`, else its cloud endpoint. */
function envEndpoints(env: Env): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [product, real] of Object.entries(cloudEndpoints(CLIENT_OPERATIONS)))
    out[product] = (env[endpointVariable(product)] ?? real).replace(/\/+$/, '')
  return out
}
