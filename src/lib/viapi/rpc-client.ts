import { KitError, NetworkError, ServiceError } from '../errors'
import { parseHttpDate, type Clock } from '../credentials/clock'
import type { Credentials } from '../credentials/types'
import type { AbortSignalLike, HttpRequest, HttpResponse, Transport } from '../transport/types'
import { uniqueNonce } from '../util/random'
import { backoffDelay } from '../util/backoff'
import { describeCode, extractServerStringToSign } from './error-codes'
import { buildRpcRequest, type RpcCall, type RpcSignatureVersion } from './rpc-request'

/** Credentials the client can ask for again when the service says they are stale. */
export interface RefreshableCredentials {
  (): Promise<Credentials>
  refresh(stale?: Credentials): Promise<Credentials>
}

export interface RpcClientOptions {
  transport: Transport
  credentials: RefreshableCredentials
  clock: Clock
  /** @default 'v3' (ACS3-HMAC-SHA256) */
  signatureVersion?: RpcSignatureVersion
  /** Attempts for 5xx/throttling/network failures, the first included. @default 3 */
  maxAttempts?: number
  /** First backoff delay; doubles each attempt, with jitter. @default 300 */
  baseDelayMs?: number
  /** @default 5000 */
  maxDelayMs?: number
  /** @default 20000 */
  timeoutMs?: number
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>
  random?: () => number
  nonce?: () => string
  /**
   * Turns a refused request's error into a richer one, e.g. `diagnoseSignatures` (which says where
   * a SignatureDoesNotMatch comes from). Opt-in so apps that don't want it don't ship its code.
   */
  explainError?: (error: ServiceError, request: HttpRequest) => ServiceError
}

export interface RpcClient {
  call<T = Record<string, unknown>>(call: RpcCall, options?: { signal?: AbortSignalLike }): Promise<T>
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

function parseRpcError(call: RpcCall, res: HttpResponse): ServiceError {
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(res.body) as Record<string, unknown>
  } catch {
    body = {}
  }
  const code = typeof body.Code === 'string' ? body.Code : res.status >= 500 ? 'InternalError' : `Http${res.status}`
  const message = typeof body.Message === 'string' ? body.Message : res.body.slice(0, 200)
  const info = describeCode(code, res.status)
  return new ServiceError(
    {
      service: `${call.action}`,
      status: res.status,
      code,
      message,
      requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined,
      serverStringToSign: extractServerStringToSign(message),
    },
    { hint: info.hint, retryable: info.recovery !== 'none' },
  )
}

/**
 * Signed RPC calls with the recoveries the cloud expects from a client: every attempt is signed
 * anew (fresh SignatureNonce and Timestamp); 5xx, throttling and dropped connections back off
 * exponentially with jitter; an expired token refreshes the credentials once; a timestamp the
 * server rejects resyncs the clock from its `Date` header once.
 */
export function createRpcClient(options: RpcClientOptions): RpcClient {
  const maxAttempts = options.maxAttempts ?? 3
  const sleep = options.sleep ?? defaultSleep
  const random = options.random ?? Math.random
  const nonce = options.nonce ?? (() => uniqueNonce())
  const base = options.baseDelayMs ?? 300
  const cap = options.maxDelayMs ?? 5000

  return {
    async call<T>(call: RpcCall, callOptions: { signal?: AbortSignalLike } = {}): Promise<T> {
      let backoffAttempts = 0
      let refreshed = false
      let resynced = false
      let credentials: Credentials
      for (;;) {
        // Read the credentials on every attempt (a memoized provider makes this free): another call
        // may have refreshed them meanwhile, and nothing is signed with a replaced token.
        credentials = await options.credentials()
        const req = buildRpcRequest(call, {
          credentials,
          now: options.clock.now(),
          nonce: nonce(),
          signatureVersion: options.signatureVersion ?? 'v3',
        })
        let res: HttpResponse
        try {
          res = await options.transport.request({ ...req, timeoutMs: options.timeoutMs ?? 20_000, signal: callOptions.signal })
        } catch (err) {
          const retry = err instanceof NetworkError && err.failure !== 'aborted' && ++backoffAttempts < maxAttempts
          if (!retry) throw err
          await sleep(backoffDelay(backoffAttempts, base, cap, random))
          continue
        }
        if (res.status >= 200 && res.status < 300) {
          try {
            return JSON.parse(res.body) as T
          } catch (err) {
            throw new KitError('InvalidResponse', `${call.action} answered ${res.status} with a body that is not JSON`, { cause: err })
          }
        }
        const parsed = parseRpcError(call, res)
        const error = options.explainError ? options.explainError(parsed, req) : parsed
        const { recovery } = describeCode(error.code, res.status)
        if (recovery === 'refresh-credentials' && !refreshed) {
          refreshed = true
          await options.credentials.refresh(credentials)
          continue
        }
        if (recovery === 'resync-clock' && !resynced) {
          const serverDate = parseHttpDate(res.headers.date)
          if (serverDate) {
            resynced = true
            options.clock.learn(serverDate)
            continue
          }
        }
        if (recovery === 'backoff' && ++backoffAttempts < maxAttempts) {
          await sleep(backoffDelay(backoffAttempts, base, cap, random))
          continue
        }
        throw error
      }
    },
  }
}
