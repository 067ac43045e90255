// One error type for everything the API answers with, so every route speaks the contract's
// `{code, message}` shape and the error handler needs no special cases.
export class ApiError extends Error {
  readonly statusCode: number
  readonly code: string

  constructor(statusCode: number, code: string, message: string) {
    super(message)
    this.name = 'ApiError'
    this.statusCode = statusCode
    this.code = code
  }
}

export interface ErrorBody {
  code: string
  message: string
}
