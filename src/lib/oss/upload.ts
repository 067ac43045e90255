import { checkFileSize } from '../image/file-size'
import type { Credentials, OssTarget } from '../base/credentials'
import type { AbortSignalLike, Transport, UploadProgress } from '../transport/types'
import { makeObjectKey, objectUrl } from './object-key'
import { parseOssError } from './oss-error'
import { buildPostObjectForm, type PostFormSigner } from './post-form'

export interface PostObjectInput {
  transport: Transport
  credentials: Credentials
  oss: OssTarget
  /** Local path (mini program, H5 blob URL) or bytes. */
  filePath: string | Uint8Array
  contentType: string
  /** Bytes, when known: checked before uploading so a too-large photo fails fast and clearly. */
  size?: number
  /** Server-corrected now, ms. */
  now: number
  /** Reuse a key on retry so a retried upload overwrites its own attempt, never leaves two. */
  key?: string
  /** The signers the grant's `signatureVersion` is looked up in. @default [ossV4FormSigner] */
  formSigners?: ReadonlyArray<PostFormSigner>
  onProgress?: (p: UploadProgress) => void
  signal?: AbortSignalLike
  timeoutMs?: number
}

export interface UploadedObject {
  bucket: string
  key: string
  /** `https://<bucket>.oss-cn-shanghai.aliyuncs.com/<key>`: what the vision APIs read. */
  url: string
  etag?: string
}

/** One PostObject upload. OSS stores an object only when the whole request succeeds. */
export async function postObject(input: PostObjectInput): Promise<UploadedObject> {
  const { oss } = input
  checkFileSize(input.size, oss.maxBytes, 'the bucket')
  const key = input.key || makeObjectKey(oss.keyPrefix, input.contentType, input.now)
  const formData = buildPostObjectForm(
    {
      credentials: input.credentials,
      bucket: oss.bucket,
      region: oss.region,
      key,
      contentType: input.contentType,
      maxBytes: oss.maxBytes,
      now: input.now,
      signatureVersion: oss.signatureVersion,
    },
    input.formSigners,
  )
  const res = await input.transport.uploadFile({
    url: oss.host,
    filePath: input.filePath,
    fileField: 'file',
    fileName: key.slice(key.lastIndexOf('/') + 1),
    fileContentType: input.contentType,
    formData,
    onProgress: input.onProgress,
    signal: input.signal,
    timeoutMs: input.timeoutMs,
  })
  if (res.status < 200 || res.status >= 300) throw parseOssError(res)
  return { bucket: oss.bucket, key, url: objectUrl(oss.host, key), etag: res.headers.etag }
}
