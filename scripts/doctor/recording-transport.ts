import type { Transport } from '../../src/lib'

/** One request the kit made, as the doctor reports it (no bodies, no query strings). */
export interface Exchange {
  kind: 'request' | 'upload' | 'download'
  url: string
  status?: number
  /** PostObject: the object key. */
  key?: string
  /** A vision call: the ImageURL it sent, and whether that URL carried a signature. */
  image?: { url: string; signed: boolean }
}

const bare = (url: string) => url.split('?')[0]

/** The ImageURL parameter of an RPC call, from its query (V1 GET) or its form body (V3, V1 POST). */
function imageParam(url: string, body: string | undefined): Exchange['image'] {
  const query = url.includes('?') ? new URLSearchParams(url.slice(url.indexOf('?') + 1)) : undefined
  const form = body && !body.trimStart().startsWith('{') ? new URLSearchParams(body) : undefined
  const raw = query?.get('ImageURL') ?? form?.get('ImageURL')
  if (!raw) return undefined
  return { url: bare(raw), signed: /[?&](Signature|x-oss-signature)=/i.test(raw) }
}

/**
 * The kit's transport, watched: the doctor learns which host answered what (and which step a
 * failure belongs to) without a second copy of the kit's upload or route logic.
 */
export function recordingTransport(inner: Transport, exchanges: Exchange[] = []): { transport: Transport; exchanges: Exchange[] } {
  const transport: Transport = {
    ...inner,
    async request(req) {
      const entry: Exchange = { kind: 'request', url: bare(req.url), image: imageParam(req.url, req.body) }
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
