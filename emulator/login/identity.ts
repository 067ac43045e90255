// Stable per-app user identifiers: the same (app, user) always maps to the same openid / user_id,
// different apps give different ids (as the real platforms do).
import { createHash } from 'node:crypto'

export function stableId(app: string, user: string, length: number, alphabet: 'b64' | 'digits'): string {
  const h = createHash('sha256').update(`${app}\n${user}`).digest()
  if (alphabet === 'digits') {
    let s = ''
    for (let i = 0; s.length < length; i++) s += String(h[i % h.length] % 10)
    return s
  }
  return h.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, length)
}
