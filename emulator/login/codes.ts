// Login codes as the mini-program platforms hand them out (wx.login / my.getAuthCode /
// dd.getAuthCode / an H5 OAuth redirect): random, single use, valid five minutes.
import { randomBytes } from 'node:crypto'

export const LOGIN_PLATFORMS = ['weapp', 'alipay', 'dd', 'h5'] as const
export type LoginPlatform = (typeof LOGIN_PLATFORMS)[number]

export const LOGIN_CODE_TTL_MS = 5 * 60 * 1000

interface CodeRecord {
  platform: LoginPlatform
  user: string
  expiresAt: number
  used: boolean
}

export type Redeem = { ok: true; user: string } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'wrong-platform' }

export class LoginCodes {
  private readonly codes = new Map<string, CodeRecord>()

  mint(platform: LoginPlatform, user: string, now: number): string {
    const code = randomBytes(16).toString('hex')
    this.codes.set(code, { platform, user, expiresAt: now + LOGIN_CODE_TTL_MS, used: false })
    return code
  }

  redeem(platform: LoginPlatform, code: string, now: number): Redeem {
    const rec = this.codes.get(code)
    if (!rec) return { ok: false, reason: 'unknown' }
    // A code of another platform is as good as unknown to this provider.
    if (rec.platform !== platform) return { ok: false, reason: 'wrong-platform' }
    if (rec.used) return { ok: false, reason: 'used' }
    if (now >= rec.expiresAt) return { ok: false, reason: 'expired' }
    rec.used = true
    return { ok: true, user: rec.user }
  }
}
