/**
 * The app's one kit, built from the core library (lib/viapi-kit.js, copied in by
 * `npm run build:example-weapp`): a transport over `wx`, STS grants from our backend, and a
 * session from `wx.login` exchanged at the backend's POST /api/login.
 */
const {
  createMiniProgramTransport,
  createMiniProgramMedia,
  createViapiKit,
  fromBackend,
  getLoginCode,
  KitError,
  recognizeBankCardOperation,
  wechatPlatform,
} = require('./lib/viapi-kit.js')
const { backendUrl } = require('./config.js')

const transport = createMiniProgramTransport(wx, wechatPlatform)

/** `{token, expiresAt}` of the backend session; kept in memory (a new one per app start). */
let session = null
let pending = null

async function login() {
  const code = await getLoginCode(wx, wechatPlatform)
  const res = await transport.request({
    url: `${backendUrl}/api/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ platform: 'weapp', code }),
  })
  const body = JSON.parse(res.body || '{}')
  if (res.status !== 200 || !body.token)
    throw new KitError('LoginFailed', `The backend refused the login (HTTP ${res.status}: ${body.message || ''})`, { recovery: 'backoff' })
  return { token: body.token, expiresAt: Date.parse(body.expiresAt) || Date.now() + 3600e3 }
}

/** The session token; `renew` after the backend said the old one is no longer valid. */
async function getSessionToken(renew) {
  if (!renew && session && session.expiresAt > Date.now() + 60e3) return session.token
  if (!pending) {
    // One login at a time, however many requests ask for a token meanwhile.
    const done = () => {
      pending = null
    }
    pending = login()
    pending.then(done, done)
  }
  session = await pending
  return session.token
}

const kit = createViapiKit({ transport, grants: fromBackend({ transport, backendUrl, getSessionToken }) })

module.exports = { kit, media: createMiniProgramMedia(wx, wechatPlatform), recognizeBankCardOperation }
