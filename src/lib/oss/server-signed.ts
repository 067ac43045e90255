import { CredentialsError } from '../base/errors'
import type { AbortSignalLike, Transport, UploadProgress } from '../transport/types'
import { postToBackend } from '../credentials/backend-call'
import { withRecovery, withoutRetry } from '../base/retry'
import { parseOssError } from './oss-error'
import type { UploadedObject } from './upload'

/**
 * A PostObject form the backend built and signed (`POST /api/oss-policy`): the client never sees
 * a secret for OSS, it only posts these fields plus the file to `host`.
 */
export interface SignedPostPolicy {
  host: string
  bucket: string
  /** The exact key the policy allows (under the user's prefix). */
  key: string
  /** Where the object can be read once uploaded (what the vision APIs get). */
  url: string
  /** Text fields in order; the file goes after them. */
  formData: Record<string, string>
  /** When the policy stops being accepted. */
  expiration: Date
  maxBytes: number
}

/** Asks for a signed policy for one upload of this type and size. */
export type PostPolicySource = (request: { contentType: string; size?: number }) => Promise<SignedPostPolicy>

export interface BackendPolicyOptions {
  transport: Transport
  backendUrl: string
  /** The session token; `renew: true` after the backend said the old one is no longer valid. */
  getSessionToken: (renew: boolean) => Promise<string>
  /** @default 15000 */
  timeoutMs?: number
}

/** Parses the backend's answer once, at the boundary; a bad field is a CredentialsError naming it. */
export function parseSignedPostPolicy(json: unknown): SignedPostPolicy {
  const o = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>
  const need = (k: string) => {
    if (typeof o[k] !== 'string' || o[k] === '')
      throw new CredentialsError('InvalidPolicyResponse', `The backend's /api/oss-policy answer has no "${k}"`)
    return o[k]
  }
  const fields = o.formData
  if (!fields || typeof fields !== 'object')
    throw new CredentialsError('InvalidPolicyResponse', 'The backend\'s /api/oss-policy answer has no "formData"')
  const formData: Record<string, string> = {}
  for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
    if (typeof v !== 'string') throw new CredentialsError('InvalidPolicyResponse', `formData.${k} is not a string`)
    formData[k] = v
  }
  const expiration = new Date(need('expiration'))
  if (!Number.isFinite(expiration.getTime())) throw new CredentialsError('InvalidPolicyResponse', 'expiration is not a date')
  return {
    host: need('host').replace(/\/+$/, ''),
    bucket: need('bucket'),
    key: need('key'),
    url: need('url'),
    formData,
    expiration,
    maxBytes: typeof o.maxBytes === 'number' ? o.maxBytes : 3 * 1024 * 1024,
  }
}

/** `POST /api/oss-policy` with the session; renews the session once on 401. */
export function fromBackendPolicies(options: BackendPolicyOptions): PostPolicySource {
  const url = options.backendUrl.replace(/\/+$/, '') + '/api/oss-policy'
  return async (request) => {
    for (const renew of [false, true]) {
      const token = await options.getSessionToken(renew)
      const json = await postToBackend({
        transport: options.transport,
        url,
        token,
        body: request.size === undefined ? { contentType: request.contentType } : request,
        timeoutMs: options.timeoutMs,
        failedHint: 'The backend could not sign the upload; try again in a moment.',
        refusedHint: 'The backend would not sign the upload.',
      })
      if (json === 'unauthorized') continue
      return parseSignedPostPolicy(json)
    }
    throw new CredentialsError('Unauthorized', 'The backend refused the session twice', { hint: 'Log in again.' })
  }
}

export interface SignedUploadInput {
  transport: Transport
  policies: PostPolicySource
  filePath: string | Uint8Array
  contentType: string
  size?: number
  onProgress?: (p: UploadProgress) => void
  signal?: AbortSignalLike
  /** Attempts after dropped connections / timeouts / 5xx / throttling, the first included. @default 3 */
  attempts?: number
  /** One upload attempt gives up after this long (then it is retried). @default the transport's */
  timeoutMs?: number
  sleep: (ms: number) => Promise<void>
  /** Jitter for the backoff. @default Math.random */
  random?: () => number
  /** Server-corrected now, ms; a policy about to expire is replaced before posting. */
  now: () => number
}

/**
 * Upload with a server-signed form, through the same retry loop and recoveries as the STS path:
 * backoff on dropped connections, timeouts, 5xx and throttling; a form OSS refuses for its
 * credentials or its time (the backend signed it, so a new form is the fix for both) is replaced.
 */
export async function uploadServerSigned(input: SignedUploadInput): Promise<UploadedObject> {
  const request = { contentType: input.contentType, size: input.size }
  let policy = await input.policies(request)
  let renewedAhead = false
  const renew = async () => {
    policy = await input.policies(request)
  }
  return withRecovery(
    async () => {
      if (policy.expiration.getTime() - input.now() < 5_000 && !renewedAhead) {
        renewedAhead = true
        await withoutRetry(renew())
      }
      const res = await input.transport.uploadFile({
        url: policy.host,
        filePath: input.filePath,
        fileField: 'file',
        fileName: policy.key.slice(policy.key.lastIndexOf('/') + 1),
        fileContentType: input.contentType,
        formData: policy.formData,
        onProgress: input.onProgress,
        signal: input.signal,
        timeoutMs: input.timeoutMs,
      })
      if (res.status < 200 || res.status >= 300) throw parseOssError(res)
      return { bucket: policy.bucket, key: policy.key, url: policy.url, etag: res.headers.etag }
    },
    {
      maxAttempts: input.attempts,
      sleep: input.sleep,
      random: input.random,
      signal: input.signal,
      onRefresh: renew,
      onResync: renew,
      request: () => ({ method: 'POST', url: policy.host }),
    },
  )
}
