import { ServiceError, type KitErrorOptions, type ServiceErrorDetails } from '../base/errors'
import type { HttpRequest } from '../transport/types'
import { diagnoseSignatureMismatch, type SignatureDiagnosis } from './diagnose-signature'
import { localStringToSign } from './local-string-to-sign'

/** A SignatureDoesNotMatch / IncompleteSignature answer, with where our string-to-sign and the service's differ. */
export class SignatureMismatchError extends ServiceError {
  readonly diagnosis?: SignatureDiagnosis
  /** The string-to-sign our signer built for the refused request. */
  readonly localStringToSign?: string

  constructor(
    details: ServiceErrorDetails,
    diagnosis: SignatureDiagnosis | undefined,
    stringToSign: string | undefined,
    options: KitErrorOptions = {},
  ) {
    super(details, { ...options, hint: diagnosis ? `${options.hint ?? ''} Diagnosis: ${diagnosis.cause}.`.trim() : options.hint })
    Object.setPrototypeOf(this, new.target.prototype)
    this.diagnosis = diagnosis
    this.localStringToSign = stringToSign
  }
}

const SIGNATURE_CODES = new Set(['SignatureDoesNotMatch', 'IncompleteSignature'])

/**
 * Upgrades a signature error that carries the service's string-to-sign into a
 * SignatureMismatchError with a diagnosis; any other error is returned unchanged.
 */
export function withSignatureDiagnosis(error: ServiceError, ours: string | undefined): ServiceError {
  if (!SIGNATURE_CODES.has(error.code) || !error.serverStringToSign) return error
  // A V3 string-to-sign spans two lines (algorithm, newline, hash); the generic extractor stops at the newline.
  const theirs = /server string to sign is:\s*(ACS3-[A-Z0-9-]+\n[0-9a-f]{64})/i.exec(error.serviceMessage)?.[1] ?? error.serverStringToSign
  const diagnosis = ours ? diagnoseSignatureMismatch({ ours, theirs }) : undefined
  return new SignatureMismatchError(
    {
      service: error.service,
      status: error.status,
      code: error.code,
      message: error.serviceMessage,
      requestId: error.requestId,
      serverStringToSign: theirs,
    },
    diagnosis,
    ours,
    { hint: error.hint, recovery: error.recovery, cause: error.cause },
  )
}

/**
 * The `explainError` hook for the RPC client and the kit: signature errors become
 * SignatureMismatchErrors with a diagnosis of the request that was refused.
 */
export function diagnoseSignatures(error: ServiceError, request: HttpRequest): ServiceError {
  return withSignatureDiagnosis(error, localStringToSign(request))
}
