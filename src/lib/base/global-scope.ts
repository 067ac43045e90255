/**
 * The global object, or an empty one. `globalThis` is missing on older mini-program engines (iOS
 * JavaScriptCore before 12.2), where reading it throws a ReferenceError; `typeof` never throws.
 */
export function globalScope(): Record<string, unknown> {
  return typeof globalThis !== 'undefined' ? globalThis : {}
}
