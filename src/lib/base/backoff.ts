/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of
 * min(cap, base·2^(n−1)). Jitter keeps a crowd of clients that failed together (a 503 storm, a
 * throttled account) from retrying in lock step.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return ceiling * (0.5 + random() / 2)
}
