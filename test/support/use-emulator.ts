import { afterAll, beforeAll, beforeEach } from 'vitest'
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/index'

/**
 * One quiet emulator on a free port for the test file that calls this: started before its tests,
 * handed to `ready`, closed after them; with `reset: 'each'`, every test starts from a clean state
 * (no objects, tokens, faults or counters). Register it before the file's own `beforeEach`, which
 * then runs after the reset.
 */
export function useEmulator(
  ready: (emulator: RunningEmulator) => void,
  options: { emulator?: Partial<EmulatorOptions>; reset?: 'each' } = {},
): void {
  let running: RunningEmulator | undefined
  beforeAll(async () => {
    running = await startEmulator({ quiet: true, ...options.emulator })
    ready(running)
  })
  afterAll(async () => {
    await running?.close()
  })
  if (options.reset === 'each') beforeEach(() => running!.reset())
}
