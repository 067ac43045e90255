import { createKitCore, fromBackend } from '../lib'
import { createClock } from '../lib/credentials'
import { appConfig } from './config'
import { getSessionToken } from './session'
import { transport } from './transport'

/**
 * The one kit of the app: pages run operations through it (`kit.recognize`, `moderateText(kit, …)`),
 * never Taro.request/uploadFile themselves. The core kit: the app takes photos on the device, so
 * the full kit's remote-image download and face detection stay out of every build.
 */
const clock = createClock()

export const kit = createKitCore({
  transport,
  clock,
  grants: fromBackend({ transport, backendUrl: appConfig.backendUrl, getSessionToken, clock }),
})

/** Backend reachability for the home page. */
export async function backendStatus(): Promise<'ok' | 'down'> {
  try {
    const res = await transport.request({ url: `${appConfig.backendUrl}/healthz`, method: 'GET', timeoutMs: 5000 })
    return res.status === 200 ? 'ok' : 'down'
  } catch (err) {
    console.warn('backend status check failed:', err)
    return 'down'
  }
}
