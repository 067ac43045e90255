import type { FastifyInstance } from 'fastify'

/** Requests carry a platform and a login code at most: 8 KB is plenty and bounds parse work. */
export const BODY_LIMIT_BYTES = 8 * 1024

/**
 * JSON is the only accepted body type; anything else is a 415 rather than a surprise string body.
 * Mini-program request APIs send `content-type: application/json` even with no body (a bare
 * POST /api/sts), so an empty body is "no body" instead of a JSON syntax error.
 */
export function acceptJsonOnly(app: FastifyInstance): void {
  const defaultJson = app.getDefaultJsonParser('error', 'error')
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8')
    if (text.trim() === '') {
      done(null, undefined)
      return
    }
    // Fastify's default JSON parser answers through `done` and returns nothing (its type also
    // allows a promise-returning parser, which this is not: lib/content-type-parser.js).
    void defaultJson(req, text, done)
  })
}
