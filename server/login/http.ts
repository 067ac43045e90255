import { LoginError } from './types'
import type { FetchFn } from './types'

export const DEFAULT_TIMEOUT_MS = 5000

/**
 * One HTTP call to a login provider, answering parsed JSON. Any transport failure, timeout,
 * 5xx or non-JSON body becomes `ProviderUnavailable`; 4xx bodies are still parsed because some
 * providers put their error object there. Bodies are read as text first: WeChat answers JSON as
 * `text/plain`.
 */
export async function fetchJson(
  fetchFn: FetchFn,
  provider: string,
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let res: Response
  try {
    res = await fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })
  } catch (err) {
    const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'is unreachable'
    throw new LoginError('ProviderUnavailable', `${provider} ${reason}`)
  }
  const text = await res.text().catch(() => '')
  if (res.status >= 500) throw new LoginError('ProviderUnavailable', `${provider} answered HTTP ${res.status}`)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new LoginError('ProviderUnavailable', `${provider} answered HTTP ${res.status} without JSON`)
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new LoginError('ProviderUnavailable', `${provider} answered an unexpected body`)
  }
  return { status: res.status, body: body as Record<string, unknown> }
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}
