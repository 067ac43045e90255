const { kit } = require('./kit.js')

App({
  onLaunch() {
    // Log in and fetch STS credentials now, so the first photo does not wait for them.
    kit.prefetch().catch((err) => console.warn('prefetch failed; the first photo will try again:', err))
  },
})
