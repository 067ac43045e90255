import { transform } from 'esbuild'

/**
 * Lines of `code` that use syntax newer than ES2015, found by difference: esbuild prints the code
 * once lowered to ES2015 and once untouched (esnext). Anything newer — async/await, `?.`, `??`,
 * object spread/rest, class fields, optional catch bindings, `**`, and regular expressions with
 * newer features (named groups, lookbehind, `s`/`d` flags, `\p{…}`, which esbuild turns into
 * `new RegExp(...)` calls) — prints differently; ES2015 code prints the same both times. Syntax
 * esbuild cannot lower (BigInt literals, top-level await) makes it throw, which fails too.
 */
export async function newerThanEs2015(code: string): Promise<string[]> {
  const [lowered, untouched] = await Promise.all([
    transform(code, { target: 'es2015', loader: 'js', charset: 'utf8' }),
    transform(code, { target: 'esnext', loader: 'js', charset: 'utf8' }),
  ])
  if (lowered.code === untouched.code) return []
  const a = lowered.code.split('\n')
  const b = untouched.code.split('\n')
  const out: string[] = []
  // The first differing lines are enough to name the cause.
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < 5; i++) {
    if (a[i] !== b[i]) out.push(`line ${i + 1}: ${(b[i] ?? '').trim().slice(0, 160)}`)
  }
  return out
}
