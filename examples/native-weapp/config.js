// Where our backend runs (server/, `npm run backend`): it logs the user in and hands out STS grants.
// Put your HTTPS backend here, and its host on the mini program's request allow-list (`npm run domains`).
module.exports = {
  backendUrl: 'http://127.0.0.1:8787',
}
