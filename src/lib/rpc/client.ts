import { KitError, ServiceError } from '../base/errors'
import { parseHttpDate, type Clock } from '../base/clock'
import type { Credentials } from '../base/credentials'
import type { AbortSignalLike, HttpRequest, HttpResponse, Transport } from '../transport/types'
import { uniqueNonce } from '../base/random'
import { withRecovery, withoutRetry } from '../base/retry'
import { describeCode, extractServerStringToSign } from './error-codes'
import { rpcV3Signer, type RpcCall, type RpcSigner } from './request'

/** Credentials the client can ask for again when the service says they are stale. */
export interface RefreshableCredentials {
  (): Promise<Credentials>
  refresh(stale?: Credentials): Promise<Credentials>
}

export interface RpcClientOptions {
  transport: Transport
  credentials: RefreshableCredentials
  clock: Clock
  /** How requests are signed. @default rpcV3Signer (ACS3-HMAC-SHA256); `rpcV1Signer` for HMAC-SHA1 */
  rpcSigner?: RpcSigner
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

/** Per call: the abort signal, and attempts when this call's retry is elsewhere (the next region). */
export interface RpcCallOptions {
  signal?: AbortSignalLike
  /** @default the client's `maxAttempts` */
  maxAttempts?: number
  /**
   * Params made anew for every attempt, in place of the call's: an image URL signed with the
   * credentials must be signed again when a retry refreshes them.
   */
  paramsPerAttempt?: () => Promise<Record<string, string>>
}

export interface RpcClient {
  call<T = Record<string, unknown>>(call: RpcCall, options?: RpcCallOptions): Promise<T>
}

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
  const serverDate = parseHttpDate(res.headers.date)
  return new ServiceError(
    {
      service: `${call.action}`,
      status: res.status,
      code,
      message,
      requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined,
      serverStringToSign: extractServerStringToSign(message),
      serverDate,
    },
    // A clock can only be resynced to a server time the answer carries.
    { hint: info.hint, recovery: info.recovery === 'resync-clock' && !serverDate ? 'none' : info.recovery },
  )
}

/**
 * Signed RPC calls with the recoveries the cloud expects from a client, run by the kit's one retry
 * loop on the recovery each error carries: every attempt is signed anew (fresh SignatureNonce and
 * Timestamp); 5xx, throttling and dropped connections back off exponentially with jitter; an
 * expired token refreshes the credentials once; a timestamp the server rejects resyncs the clock
 * from its `Date` header once.
 */
export function createRpcClient(options: RpcClientOptions): RpcClient {
  const nonce = options.nonce || (() => uniqueNonce())
  const signer = options.rpcSigner || rpcV3Signer

  return {
    async call<T>(call: RpcCall, callOptions: RpcCallOptions = {}): Promise<T> {
      let credentials: Credentials | undefined
      let req: HttpRequest | undefined
      return withRecovery(
        async () => {
          // Read the credentials on every attempt (a memoized provider makes this free): another call
          // may have refreshed them meanwhile, and nothing is signed with a replaced token.
          credentials = await withoutRetry(options.credentials())
          const params = callOptions.paramsPerAttempt ? await callOptions.paramsPerAttempt() : call.params
          req = signer.sign({ ...call, params }, { credentials, now: options.clock.now(), nonce: nonce() })
          const res = await options.transport.request({ ...req, timeoutMs: options.timeoutMs ?? 20_000, signal: callOptions.signal })
          if (res.status >= 200 && res.status < 300) {
            try {
              return JSON.parse(res.body) as T
            } catch (err) {
              throw new KitError('InvalidResponse', `${call.action} answered ${res.status} with a body that is not JSON`, { cause: err })
            }
          }
          const parsed = parseRpcError(call, res)
          throw options.explainError ? options.explainError(parsed, req) : parsed
        },
        {
          maxAttempts: callOptions.maxAttempts ?? options.maxAttempts,
          baseDelayMs: options.baseDelayMs ?? 300,
          maxDelayMs: options.maxDelayMs ?? 5000,
          sleep: options.sleep,
          random: options.random,
          signal: callOptions.signal,
          onRefresh: () => options.credentials.refresh(credentials),
          onResync: (err) => {
            if (err instanceof ServiceError && err.serverDate) options.clock.learn(err.serverDate)
          },
          request: () => ({ method: req?.method ?? 'POST', url: req?.url ?? call.endpoint }),
        },
      )
    },
  }
}
