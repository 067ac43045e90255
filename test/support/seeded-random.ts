/**
 * mulberry32: a small, fast generator of numbers in [0, 1) that gives the same sequence for the
 * same seed on every platform — for fuzzing and for the chaos run, where a seed must reproduce a run.
 */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
