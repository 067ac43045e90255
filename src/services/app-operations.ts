import {
  detectImageFacesOperation,
  recognizeBankCardOperation,
  segmentCommonImageOperation,
  textModerationPlusOperation,
  type Operation,
} from '../lib'

/**
 * The cloud operations this app's pages call, straight from the phone. `npm run domains` builds
 * each console's allow-list from it (a host missing there blocks the call on a real device), and
 * a test checks every operation a page runs (`kit.recognize(op, …)`, `moderateText(kit, …)`) is
 * listed. No Taro import: scripts read it.
 */
export const APP_OPERATIONS: ReadonlyArray<Operation<never, unknown>> = [
  recognizeBankCardOperation,
  segmentCommonImageOperation,
  textModerationPlusOperation,
] as ReadonlyArray<Operation<never, unknown>>

/**
 * The calls that run an operation without naming it (`moderateText(kit, …)`, the full kit's
 * `detectImageFaces`), by name: how to write each, and its operation. For the test above, for
 * `npm run domains` (the hosts such a call would add) and for readers.
 */
export const KIT_CALLS: Readonly<Record<string, { call: string; action: string }>> = {
  moderateText: { call: 'moderateText(kit, …)', action: textModerationPlusOperation.action },
  detectImageFaces: { call: 'kit.detectImageFaces(…)', action: detectImageFacesOperation.action },
}
