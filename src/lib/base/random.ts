/**
 * Identifiers that must not repeat (SignatureNonce, object keys). Mini-program runtimes have no
 * `crypto.getRandomValues`, so a secure source is used when present and a counter + time +
 * Math.random mix otherwise; uniqueness, not secrecy, is what these values need.
 */
import { globalScope } from './global-scope'

let counter = 0

export type RandomHex = (length: number) => string

export const randomHex: RandomHex = (length) => {
  const c = globalScope().crypto as { getRandomValues?: (a: Uint8Array) => Uint8Array } | undefined
  let out = ''
  if (c?.getRandomValues) {
    const bytes = c.getRandomValues(new Uint8Array(Math.ceil(length / 2)))
    for (const b of bytes) out += (b < 16 ? '0' : '') + b.toString(16)
  } else {
    while (out.length < length)
      out += Math.floor(Math.random() * 0x100000000)
        .toString(16)
        .padStart(8, '0')
  }
  return out.slice(0, length)
}

/** A nonce unique within this process and very unlikely to collide across devices. */
export function uniqueNonce(random: RandomHex = randomHex): string {
  counter = (counter + 1) % 0x1000000
  return `${Date.now().toString(16)}${counter.toString(16).padStart(6, '0')}${random(16)}`
}
