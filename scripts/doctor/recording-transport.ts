import type { Transport } from '../../src/lib'

/** One request the kit made, as the doctor reports it (no bodies, no query strings). */
export interface Exchange {
  kind: 'request' | 'upload' | 'download'
  url: string
  status?: number
  /** PostObject: the object key. */
  key?: string
}

const bare = (url: string) => url.split('?')[0]

/**
 * The kit's transport, watched: the doctor learns which host answered what (and which step a
 * failure belongs to) without a second copy of the kit's upload or route logic.
 */
export function recordingTransport(inner: Transport): { transport: Transport; exchanges: Exchange[] } {
  const exchanges: Exchange[] = []
  const transport: Transport = {
    ...inner,
    async request(req) {
      const entry: Exchange = { kind: 'request', url: bare(req.url) }
      exchanges.push(entry)
      const res = await inner.request(req)
      entry.status = res.status
      return res
    },
    async uploadFile(req) {
      const entry: Exchange = { kind: 'upload', url: bare(req.url), key: req.formData?.key }
      exchanges.push(entry)
      const res = await inner.uploadFile(req)
      entry.status = res.status
      return res
    },
  }
  if (inner.downloadFile) {
    const download = inner.downloadFile
    transport.downloadFile = async (req) => {
      const entry: Exchange = { kind: 'download', url: bare(req.url) }
      exchanges.push(entry)
      const res = await download.call(inner, req)
      entry.status = res.status
      return res
    }
  }
  return { transport, exchanges }
}
