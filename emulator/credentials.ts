// Registry of AccessKeys the emulator accepts: the root key, and the STS keys it has issued
// (AssumeRole, GetOssStsToken). Each STS key remembers its token, expiry and policies so every
// later request can be checked against exactly what was granted.
import { randomBytes } from 'node:crypto'
import type { PolicyDocument } from './policy'
import { policyAllows } from './policy'

export interface StsCredential {
  kind: 'sts'
  accessKeyId: string
  accessKeySecret: string
  securityToken: string
  expiresAt: number
  /** All must allow (role policy ∩ session policy). */
  policies: PolicyDocument[]
  issuedBy: 'AssumeRole' | 'GetOssStsToken'
  sessionName?: string
}

export interface RootCredential {
  kind: 'root'
  accessKeyId: string
  accessKeySecret: string
}

export type Credential = RootCredential | StsCredential

export type TokenCheck =
  | { ok: true; credential: Credential }
  | { ok: false; reason: 'unknown-key' | 'missing-token' | 'malformed-token' | 'token-mismatch' | 'expired' }

function b64url(n: number): string {
  return randomBytes(n).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export class CredentialStore {
  private readonly sts = new Map<string, StsCredential>()
  private readonly byToken = new Map<string, StsCredential>()

  constructor(private readonly root: RootCredential) {}

  issue(input: Omit<StsCredential, 'kind' | 'accessKeyId' | 'accessKeySecret' | 'securityToken'>): StsCredential {
    const cred: StsCredential = {
      kind: 'sts',
      // Real STS keys start with `STS.`; real tokens are long base64 strings starting with `CAIS`.
      accessKeyId: `STS.${b64url(18).replace(/[-_]/g, 'x')}`,
      accessKeySecret: b64url(30),
      securityToken: `CAIS${b64url(180)}`,
      ...input,
    }
    this.sts.set(cred.accessKeyId, cred)
    this.byToken.set(cred.securityToken, cred)
    return cred
  }

  /**
   * Resolve the key a request claims, with its token. `forceExpired` implements the
   * `expire-token` fault (the next matching request sees its token as expired).
   */
  resolve(accessKeyId: string, token: string | undefined, now: number, forceExpired = false): TokenCheck {
    if (accessKeyId === this.root.accessKeyId) {
      // A token sent with a long-term key belongs to some other key.
      if (token) return { ok: false, reason: this.byToken.has(token) ? 'token-mismatch' : 'malformed-token' }
      return { ok: true, credential: this.root }
    }
    const cred = this.sts.get(accessKeyId)
    if (!cred) return { ok: false, reason: 'unknown-key' }
    if (!token) return { ok: false, reason: 'missing-token' }
    if (token !== cred.securityToken) {
      return { ok: false, reason: this.byToken.has(token) ? 'token-mismatch' : 'malformed-token' }
    }
    if (forceExpired || now >= cred.expiresAt) return { ok: false, reason: 'expired' }
    return { ok: true, credential: cred }
  }

  /** Secret for signature checks, before the token is judged (signature errors come first). */
  secretOf(accessKeyId: string): string | undefined {
    if (accessKeyId === this.root.accessKeyId) return this.root.accessKeySecret
    return this.sts.get(accessKeyId)?.accessKeySecret
  }

  isSts(accessKeyId: string): boolean {
    return this.sts.has(accessKeyId)
  }

  expireAll(now: number): number {
    for (const c of this.sts.values()) c.expiresAt = Math.min(c.expiresAt, now)
    return this.sts.size
  }

  static allows(cred: Credential, action: string, resource: string): boolean {
    if (cred.kind === 'root') return true
    return cred.policies.every((p) => policyAllows(p, action, resource))
  }
}
