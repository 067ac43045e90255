/**
 * What the app knows at build time: only the backend URL (never a cloud key). Taro bakes
 * `TARO_APP_*` variables from `.env*` files or the environment into the bundle.
 */
export const appConfig = {
  /** Our backend; it hands out STS credentials and tells the app every cloud endpoint. */
  backendUrl: (process.env.TARO_APP_BACKEND_URL || 'http://127.0.0.1:8787').replace(/\/+$/, ''),
  /**
   * The local emulator, for H5 dev login only (a browser has no platform login code). Empty in a
   * production H5 build, where the integrator supplies their own web login.
   */
  emulatorUrl: (process.env.TARO_APP_EMULATOR_URL || '').replace(/\/+$/, ''),
  /** Compile-time platform: weapp | alipay | dd | h5. */
  platform: process.env.TARO_ENV as 'weapp' | 'alipay' | 'dd' | 'h5',
}
