import Taro from '@tarojs/taro'
import { ServiceError } from '../lib'
import { appConfig } from './config'
import { platformLoginCode } from './login'
import { transport } from './transport'

interface Session {
  token: string
  expiresAt: number
  userId: string
}

const STORAGE_KEY = 'viapi-kit-session'
let pending: Promise<Session> | undefined

function stored(): Session | undefined {
  try {
    const session = Taro.getStorageSync<Session | ''>(STORAGE_KEY)
    return session && session.token && session.expiresAt > Date.now() + 60_000 ? session : undefined
  } catch {
    return undefined
  }
}

async function login(): Promise<Session> {
  const code = await platformLoginCode()
  const res = await transport.request({
    url: `${appConfig.backendUrl}/api/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: appConfig.platform, code }),
  })
  const body = JSON.parse(res.body || '{}') as { token?: string; expiresAt?: string; userId?: string; code?: string; message?: string }
  if (res.status !== 200 || !body.token) {
    throw new ServiceError(
      { service: 'backend', status: res.status, code: body.code ?? `Http${res.status}`, message: body.message ?? 'login failed' },
      { recovery: res.status >= 500 ? 'backoff' : 'none', hint: 'Logging in failed; try again.' },
    )
  }
  const session = { token: body.token, expiresAt: Date.parse(body.expiresAt ?? '') || Date.now() + 3600e3, userId: body.userId ?? '' }
  Taro.setStorageSync(STORAGE_KEY, session)
  return session
}

/** The session token; logs in silently when there is none or the backend refused the old one. */
export async function getSessionToken(renew = false): Promise<string> {
  if (!renew) {
    const session = stored()
    if (session) return session.token
  }
  if (renew) Taro.removeStorageSync(STORAGE_KEY)
  pending ??= login().finally(() => {
    pending = undefined
  })
  return (await pending).token
}

export function currentUserId(): string | undefined {
  return stored()?.userId
}
