// Shared wiring of the fault tests. The kit per user and its recording transport live in
// test/support (the chaos run in bench/ builds its kits the same way).
import { startStack, type Stack } from '../../scripts/stack'

export { BUCKET, kitFor, loginToken } from '../support/kit-harness'

/** The in-process stack (emulator + backend on port 0), with the backend's settings overridden by `backendEnv`. */
export function startReliabilityStack(backendEnv: Record<string, string> = {}): Promise<Stack> {
  return startStack({ emulatorPort: 0, backendPort: 0, env: {}, backendEnv })
}

/** Counter deltas of the emulator around `fn`. */
export async function countDuring<T>(stack: Stack, fn: () => Promise<T>): Promise<{ result: T; delta: Record<string, number> }> {
  const before = stack.emulator!.counters() as Record<string, number>
  const result = await fn()
  const after = stack.emulator!.counters() as Record<string, number>
  const delta: Record<string, number> = {}
  for (const k of Object.keys(after)) delta[k] = after[k] - (before[k] ?? 0)
  return { result, delta }
}
