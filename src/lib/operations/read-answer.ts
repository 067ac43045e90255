import { KitError } from '../base/errors'

/** An answer's `Data` object; without one the answer is unusable. */
export function dataOf(body: Record<string, unknown>, action: string): Record<string, unknown> {
  const data = body.Data
  if (!data || typeof data !== 'object') throw new KitError('InvalidResponse', `${action} answered without Data`)
  return data as Record<string, unknown>
}

/** A field as text: absent or null becomes '' (the APIs leave out what they did not find). */
export { textOf } from '../base/text'

/** A field as a number: absent or not numeric becomes 0. */
export const numberOf = (v: unknown) => (typeof v === 'number' ? v : Number(v) || 0)

export const MB = 1024 * 1024
