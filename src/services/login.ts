import { getLoginCode, KitError } from '../lib'
import { appConfig } from './config'
import { platformGlobal } from './platform-global'
import { transport } from './transport'

/** The platform's login code; on H5 a dev code from the emulator (`H5_LOGIN`, docs/configuration.md). */
export async function platformLoginCode(): Promise<string> {
  if (process.env.TARO_ENV !== 'h5') {
    const { api, profile } = platformGlobal!
    return getLoginCode(api, profile, profile.name === 'dd' ? { corpId: process.env.TARO_APP_DD_CORP_ID } : {})
  }
  if (!appConfig.emulatorUrl) {
    throw new KitError('LoginUnavailable', 'This H5 build has no login provider configured', {
      hint: 'Set TARO_APP_EMULATOR_URL for local development, or wire your web login into src/services/login.ts.',
    })
  }
  const res = await transport.request({
    url: `${appConfig.emulatorUrl}/__admin/login-code`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'h5', user: h5DeviceId() }),
  })
  const code = (JSON.parse(res.body || '{}') as { code?: string }).code
  if (res.status !== 200 || !code)
    throw new KitError('LoginFailed', `The emulator gave no login code (HTTP ${res.status})`, { recovery: 'backoff' })
  return code
}

/** A stable anonymous id for this browser, so a dev user keeps one key prefix across reloads. */
function h5DeviceId(): string {
  const key = 'viapi-kit-device'
  let id = globalThis.localStorage?.getItem(key) ?? ''
  if (!/^[a-z0-9]{12,32}$/.test(id)) {
    id = Array.from({ length: 16 }, () => Math.floor(Math.random() * 36).toString(36)).join('')
    globalThis.localStorage?.setItem(key, id)
  }
  return id
}
