/**
 * A seeded generator of awkward strings for differential tests: the characters signers get wrong
 * (space, `*`, `~`, `+`, `/`, `%`, `=`, `&`), CJK, emoji, and plain ASCII.
 */
const ALPHABET = [
  ...'abcXYZ019-_.',
  ' ',
  '*',
  '~',
  '+',
  '/',
  '%',
  '=',
  '&',
  '?',
  '#',
  ':',
  '!',
  "'",
  '(',
  ')',
  '"',
  '\n',
  '银',
  '行',
  '卡',
  '号',
  'é',
  'ß',
  '😀',
  '🏦',
  '　',
]

export function randomString(rand: () => number, maxLength = 12): string {
  const n = Math.floor(rand() * maxLength)
  let out = ''
  for (let i = 0; i < n; i++) out += ALPHABET[Math.floor(rand() * ALPHABET.length)]
  return out
}

export function randomParams(rand: () => number): Record<string, string> {
  const params: Record<string, string> = {}
  const n = 1 + Math.floor(rand() * 6)
  for (let i = 0; i < n; i++) {
    const key = randomString(rand, 8) || `K${i}`
    params[key] = randomString(rand, 16)
  }
  return params
}
