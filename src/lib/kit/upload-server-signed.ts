import { uploadServerSigned, type PostPolicySource } from '../oss/server-signed'
import type { UploadMode } from './types'

/**
 * Uploads signed by the backend (`POST /api/oss-policy`, e.g. `fromBackendPolicies(...)`): the
 * client only posts the form it gets and never holds a secret that could write to OSS. Pass it as
 * `uploadMode: serverSignedUploads(policies)`; only a build that does links this mode.
 */
export function serverSignedUploads(policies: PostPolicySource): UploadMode {
  return {
    mode: 'server-signed',
    upload(deps, image, size, run, report) {
      report.starts()
      return uploadServerSigned({
        transport: deps.transport,
        policies,
        filePath: image.path,
        contentType: image.contentType,
        size,
        signal: run.signal,
        attempts: deps.attempts,
        timeoutMs: deps.timeoutMs,
        sleep: deps.sleep,
        random: deps.random,
        now: () => deps.clock.now(),
        onProgress: report.onProgress,
      })
    },
  }
}
