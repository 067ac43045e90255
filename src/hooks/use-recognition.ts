import { useRef, useState } from 'react'
import { createAbortController, type ImageLimits, type LocalImage, type Phase, type ProgressUpdate, type RunOptions } from '../lib'
import { choosePhoto, preparePhoto, type Photo } from '../services/images'
import { isRefusedInput } from '../services/refused-input'

type Status = 'idle' | 'running' | 'done' | 'failed'

/** What the page shows of one run, and the transitions that change it. */
function useRunState<R>() {
  const [status, setStatus] = useState<Status>('idle')
  const [phase, setPhase] = useState<Phase>('credentials')
  const [percent, setPercent] = useState(0)
  const [indeterminate, setIndeterminate] = useState(false)
  const [result, setResult] = useState<R>()
  const [error, setError] = useState<unknown>()
  return {
    state: { status, phase, percent, indeterminate, result, error },
    begin() {
      setStatus('running')
      setError(undefined)
      setResult(undefined)
      setPercent(0)
      setIndeterminate(false)
      setPhase('credentials')
    },
    progress(u: ProgressUpdate) {
      setPhase(u.phase)
      if (u.indeterminate) setIndeterminate(true)
      if (u.phase === 'uploading' || u.phase === 'done') setPercent(Math.round(u.percent))
    },
    succeed(r: R) {
      setResult(r)
      setStatus('done')
    },
    fail(err: unknown) {
      setError(err)
      setStatus('failed')
    },
  }
}

/**
 * One photo → one result, with progress, cancel and retry. The photo is prepared for the
 * operation's documented input `limits` first (size, pixels, format). The chosen photo is kept
 * after a failure so "retry" never asks the user to pick it again.
 *
 * `preview` is the photo to show: only once it passed the checks (a text file named card.jpg
 * would be a broken image), and not after the input was refused (isRefusedInput). `picked`: the
 * user chose a file, usable or not, so the button says "choose another".
 */
export function useRecognition<R>(run: (image: LocalImage, options: RunOptions) => Promise<R>, limits: ImageLimits) {
  const [image, setImage] = useState<Photo>()
  const [checked, setChecked] = useState(false)
  const [picked, setPicked] = useState(false)
  const runState = useRunState<R>()
  const abort = useRef<() => void>()

  async function start(photo: Photo) {
    const controller = createAbortController()
    abort.current = () => controller.abort()
    runState.begin()
    try {
      const prepared = await preparePhoto(photo, limits)
      setChecked(true)
      runState.succeed(await run(prepared, { signal: controller.signal, onProgress: runState.progress }))
    } catch (err) {
      runState.fail(err)
    } finally {
      abort.current = undefined
    }
  }

  async function choose() {
    let photo: Photo | undefined
    try {
      photo = await choosePhoto()
    } catch (err) {
      // Nothing usable came back: the earlier photo is not what this error is about.
      setImage(undefined)
      setPicked(isRefusedInput(err))
      runState.fail(err)
      return
    }
    if (!photo) return
    setImage(photo)
    setChecked(false)
    setPicked(true)
    await start(photo)
  }

  const { status, error } = runState.state
  const refused = status === 'failed' && isRefusedInput(error)
  return {
    image,
    preview: image && checked && !refused ? image : undefined,
    picked,
    ...runState.state,
    // `start` and `choose` end every failure in the run state (`failed` + `error`), so the buttons
    // fire them without awaiting.
    choose: () => void choose(),
    /** Runs the same photo again; undefined when no photo is kept or the photo itself was refused. */
    retry: image && !refused ? () => void start(image) : undefined,
    cancel: () => abort.current?.(),
  }
}
