/** The subset of `AbortSignal` the kit needs; a standard `AbortSignal` fits, so does `createAbortController()`. */
export interface AbortSignalLike {
  readonly aborted: boolean
  addEventListener(type: 'abort', listener: () => void): void
  removeEventListener(type: 'abort', listener: () => void): void
}
