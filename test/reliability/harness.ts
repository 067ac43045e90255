// Shared wiring of the fault tests. The kit per user and its recording transport live in
// test/support (the chaos run in bench/ builds its kits the same way).
import { afterAll, beforeAll } from 'vitest'
import { startStack, type Stack } from '../../scripts/stack'
import { makeCardPhoto } from '../support/images'

export { BUCKET, kitFor, loginToken } from '../support/kit-harness'

/** The in-process stack (emulator + backend on port 0), with the backend's settings overridden by `backendEnv`. */
export function startReliabilityStack(backendEnv: Record<string, string> = {}): Promise<Stack> {
  // Some faults are injected on calls given an uploaded object's plain URL: the emulator may read it.
  // Uploaded photos still go by signed URL (the default route), checked as strictly as ever.
  return startStack({ emulatorPort: 0, backendPort: 0, env: {}, backendEnv, emulator: { sameAccountRead: true } })
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

/** The stack and the card photo a fault test file shares. */
export interface FaultStack {
  readonly stack: Stack
  /** The card photo as a LocalImage (the same bytes each time). */
  image(): { path: Uint8Array; contentType: string; size: number }
  /** Closes the stack if it started. */
  close(): Promise<void>
}

/**
 * Starts the stack and makes the card photo before the file's tests; closes the stack after them
 * unless `close: false` (a file that closes more than the stack itself).
 */
export function useFaultStack(options: { close?: boolean } = {}): FaultStack {
  let stack: Stack | undefined
  let photo = new Uint8Array()
  beforeAll(async () => {
    stack = await startReliabilityStack()
    photo = new Uint8Array(await makeCardPhoto())
  })
  const close = async () => {
    await stack?.close()
  }
  if (options.close !== false) afterAll(close)
  return {
    close,
    get stack() {
      if (!stack) throw new Error('the fault stack starts in beforeAll')
      return stack
    },
    image: () => ({ path: photo, contentType: 'image/jpeg', size: photo.length }),
  }
}
