// PostObject multipart parsing with busboy. OSS reads form fields up to the `file` part and
// ignores everything after it, so fields after `file` are dropped here (not merged). The file is
// buffered only up to the size cap; the rest of the stream is drained so the client gets an answer.
import type { IncomingMessage } from 'node:http'
import busboy from 'busboy'

export interface PostForm {
  /** Lower-cased field name → value; the first occurrence wins. */
  fields: Record<string, string>
  /** Original spelling of each field name, in order (for error messages). */
  fieldOrder: string[]
  file?: { filename: string; mimeType: string; data: Buffer; truncated: boolean; size: number }
  /** Fields that came after `file` and were ignored. */
  ignoredAfterFile: string[]
}

export class MalformedPost extends Error {}

export function parsePostForm(req: IncomingMessage, maxFileBytes: number): Promise<PostForm> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy
    try {
      bb = busboy({ headers: req.headers, limits: { fileSize: maxFileBytes, files: 1 }, defParamCharset: 'utf8', preservePath: true })
    } catch {
      reject(new MalformedPost('The body of your POST request is not well-formed multipart/form-data.'))
      req.resume()
      return
    }
    const form: PostForm = { fields: {}, fieldOrder: [], ignoredAfterFile: [] }
    bb.on('field', (name, value) => {
      if (form.file) {
        form.ignoredAfterFile.push(name)
        return
      }
      const k = name.toLowerCase()
      if (!(k in form.fields)) form.fields[k] = value
      form.fieldOrder.push(name)
    })
    bb.on('file', (name, stream, info) => {
      if (name.toLowerCase() !== 'file' || form.file) {
        stream.resume()
        return
      }
      const chunks: Buffer[] = []
      const file = { filename: info.filename ?? '', mimeType: info.mimeType, data: Buffer.alloc(0), truncated: false, size: 0 }
      form.file = file
      stream.on('data', (c: Buffer) => {
        file.size += c.length
        chunks.push(c)
      })
      stream.on('limit', () => {
        file.truncated = true
      })
      stream.on('end', () => {
        file.data = Buffer.concat(chunks)
      })
    })
    bb.on('error', () => reject(new MalformedPost('The body of your POST request is not well-formed multipart/form-data.')))
    // A client that goes away mid-body (dropped connection, client timeout) never ends the stream:
    // fail the request explicitly so nothing of it is stored and no handler waits forever.
    const gone = () => {
      if (!req.complete) reject(new MalformedPost('The connection closed before the whole request body arrived.'))
    }
    req.on('close', gone)
    req.on('error', gone)
    bb.on('close', () => resolve(form))
    req.pipe(bb)
  })
}
