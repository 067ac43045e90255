/**
 * A lock shared by processes on this machine: a file created with O_EXCL holding the owner's pid,
 * under `dist/.locks/`. Vitest runs test files in parallel worker processes (one per core but
 * one), so two files can reach the same Taro build or the same fixed ports at once; the lock makes
 * the second wait for the first.
 *
 * A lock whose owner died (Ctrl-C during a build) is taken over.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import path from 'node:path'
import { ROOT } from './build-freshness'

const LOCK_DIR = path.join(ROOT, 'dist', '.locks')
const POLL_MS = 200
/** An empty lock file this old was left by a process that died between creating and writing it. */
const EMPTY_GRACE_MS = 10_000

export interface LockOptions {
  /** Give up after this long. @default 15 minutes */
  timeoutMs?: number
  /** Told once when the lock is busy. */
  log?: (line: string) => void
}

export type Release = () => void

function lockFile(name: string): string {
  return path.join(LOCK_DIR, `${name.replace(/[^\w.-]/g, '_')}.lock`)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the lock if free (or left by a dead process); returns its release, or the holder's pid. */
function tryAcquire(file: string): Release | { holder: string } {
  mkdirSync(LOCK_DIR, { recursive: true })
  try {
    const fd = openSync(file, 'wx')
    writeSync(fd, String(process.pid))
    closeSync(fd)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    let holder: string
    let age: number
    try {
      holder = readFileSync(file, 'utf8').trim()
      age = Date.now() - statSync(file).mtimeMs
    } catch {
      return { holder: '?' } // released meanwhile: try again on the next poll
    }
    const dead = holder ? !alive(Number(holder)) : age > EMPTY_GRACE_MS
    if (dead) breakStaleLock(file, holder)
    return { holder: holder || '?' }
  }
  let released = false
  const release = () => {
    if (released) return
    released = true
    process.off('exit', release)
    rmSync(file, { force: true })
  }
  process.on('exit', release)
  return release
}

/** Removes a dead owner's lock, without removing one another waiter took over in the meantime. */
function breakStaleLock(file: string, deadHolder: string): void {
  const aside = `${file}.${process.pid}.stale`
  try {
    renameSync(file, aside)
  } catch {
    return // someone else broke it first
  }
  if (readFileSync(aside, 'utf8').trim() !== deadHolder) {
    // Not the lock we judged dead: put it back if nobody has taken the name since.
    try {
      linkSync(aside, file)
    } catch {
      /* taken: the rightful owner keeps running without its file; rare enough to accept */
    }
  }
  rmSync(aside, { force: true })
}

/**
 * One try of a waiter: the release when the lock is taken, else undefined (saying once whom it
 * waits for); throws past the deadline. Shared by the async and the blocking waits.
 */
function tryOnce(name: string, file: string, deadline: number, waiting: { told: boolean }, options: LockOptions): Release | undefined {
  const got = tryAcquire(file)
  if (typeof got === 'function') return got
  if (!waiting.told) {
    options.log?.(`waiting for process ${got.holder} to finish with ${name} (${path.relative(ROOT, file)})…`)
    waiting.told = true
  }
  if (Date.now() > deadline) throw new Error(`timed out waiting for ${path.relative(ROOT, file)} (held by process ${got.holder})`)
  return undefined
}

/** Waits for the lock called `name` and returns its release. */
export async function acquireLock(name: string, options: LockOptions = {}): Promise<Release> {
  const file = lockFile(name)
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000)
  const waiting = { told: false }
  for (;;) {
    const release = tryOnce(name, file, deadline, waiting, options)
    if (release) return release
    await new Promise((r) => setTimeout(r, POLL_MS))
  }
}

/** `acquireLock` for synchronous callers: blocks this thread while waiting. */
export function acquireLockSync(name: string, options: LockOptions = {}): Release {
  const file = lockFile(name)
  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000)
  const waiting = { told: false }
  const sleeper = new Int32Array(new SharedArrayBuffer(4))
  for (;;) {
    const release = tryOnce(name, file, deadline, waiting, options)
    if (release) return release
    Atomics.wait(sleeper, 0, 0, POLL_MS)
  }
}

/** Runs `fn` holding the lock. */
export async function withLock<T>(name: string, fn: () => Promise<T>, options?: LockOptions): Promise<T> {
  const release = await acquireLock(name, options)
  try {
    return await fn()
  } finally {
    release()
  }
}

export function withLockSync<T>(name: string, fn: () => T, options?: LockOptions): T {
  const release = acquireLockSync(name, options)
  try {
    return fn()
  } finally {
    release()
  }
}

/**
 * One Taro build at a time on this machine, whatever its output folder: each takes most of a CPU
 * and ~0.7 GB, and two builds into the same folder would corrupt each other's output.
 */
export const TARO_BUILD_LOCK = 'taro-build'
