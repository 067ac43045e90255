import { DEFAULT_TIMEOUT_MS, fetchJson, str } from './http'
import { LoginError } from './types'
import type { HttpOptions, LoginVerifier } from './types'

export interface H5DevOptions extends HttpOptions {
  /** `<emulator>/h5/session` */
  sessionUrl: string
}

/**
 * Development-only H5 login: the emulator issues codes for a named user and redeems them here.
 * There is no real H5 identity provider in this kit; config refuses this in cloud mode.
 */
export function createH5DevVerifier(options: H5DevOptions): LoginVerifier {
  const fetchFn = options.fetch ?? fetch
  return {
    async verify(code) {
      const { status, body } = await fetchJson(
        fetchFn,
        'Emulator h5 login',
        `${options.sessionUrl}?${new URLSearchParams({ code })}`,
        { method: 'GET' },
        options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      )
      const user = str(body.user)
      if (status === 200 && user) return { providerUserId: user }
      if (status === 429) throw new LoginError('ProviderUnavailable', 'Emulator h5 login is throttling', '429')
      throw new LoginError('InvalidCode', 'The emulator rejected the h5 login code', str(body.code) ?? String(status))
    },
  }
}
