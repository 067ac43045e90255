import type { Transport } from '../../src/lib'
import type { HttpRequest, HttpResponse, UploadRequest } from '../../src/lib/transport'

interface Pending {
  req: HttpRequest | UploadRequest
  respond(res: Partial<HttpResponse> & { status: number }): void
  fail(err: unknown): void
}

/**
 * A transport the test drives: each request waits until the test takes it with `nextRequest()`,
 * looks at it, and answers (or fails) it.
 */
export function createScriptedTransport(platform = 'scripted') {
  const queue: Pending[] = []
  const waiters: Array<(p: Pending) => void> = []
  const sent: Array<HttpRequest | UploadRequest> = []

  function enqueue(req: HttpRequest | UploadRequest): Promise<HttpResponse> {
    sent.push(req)
    return new Promise((resolve, reject) => {
      const p: Pending = {
        req,
        respond: (res) => resolve({ headers: {}, body: '', ...res }),
        fail: reject,
      }
      const w = waiters.shift()
      if (w) w(p)
      else queue.push(p)
    })
  }

  const transport: Transport = { platform, request: enqueue, uploadFile: enqueue }
  return {
    transport,
    sent,
    nextRequest(): Promise<Pending> {
      const p = queue.shift()
      return p ? Promise.resolve(p) : new Promise((r) => waiters.push(r))
    },
  }
}
