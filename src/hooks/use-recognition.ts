import { useRef, useState } from 'react'
import { createAbortController, type ImageLimits, type LocalImage, type Phase, type RunOptions } from '../lib'
import { choosePhoto, preparePhoto, type Photo } from '../services/images'

type Status = 'idle' | 'running' | 'done' | 'failed'

/**
 * One photo → one result, with progress, cancel and retry. The photo is prepared for the
 * operation's documented input `limits` first (size, pixels, format). The chosen photo is kept
 * after a failure so "retry" never asks the user to pick it again.
 */
export function useRecognition<R>(run: (image: LocalImage, options: RunOptions) => Promise<R>, limits: ImageLimits) {
  const [image, setImage] = useState<Photo>()
  const [status, setStatus] = useState<Status>('idle')
  const [phase, setPhase] = useState<Phase>('credentials')
  const [percent, setPercent] = useState(0)
  const [indeterminate, setIndeterminate] = useState(false)
  const [result, setResult] = useState<R>()
  const [error, setError] = useState<unknown>()
  const abort = useRef<() => void>()

  async function start(photo: Photo) {
    const controller = createAbortController()
    abort.current = () => controller.abort()
    setStatus('running')
    setError(undefined)
    setResult(undefined)
    setPercent(0)
    setIndeterminate(false)
    setPhase('credentials')
    try {
      const prepared = await preparePhoto(photo, limits)
      const r = await run(prepared, {
        signal: controller.signal,
        onProgress: (u) => {
          setPhase(u.phase)
          if (u.indeterminate) setIndeterminate(true)
          if (u.phase === 'uploading' || u.phase === 'done') setPercent(Math.round(u.percent))
        },
      })
      setResult(r)
      setStatus('done')
    } catch (err) {
      setError(err)
      setStatus('failed')
    } finally {
      abort.current = undefined
    }
  }

  return {
    image,
    status,
    phase,
    percent,
    indeterminate,
    result,
    error,
    async choose() {
      try {
        const photo = await choosePhoto()
        if (!photo) return
        setImage(photo)
        await start(photo)
      } catch (err) {
        setError(err)
        setStatus('failed')
      }
    },
    retry: () => (image ? start(image) : undefined),
    cancel: () => abort.current?.(),
  }
}
