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

/** Which operation each call the kit names runs (`moderateText(kit, …)`, the full kit's methods): for the test above and for readers. */
export const KIT_METHOD_OPERATION: Readonly<Record<string, string>> = {
  recognizeBankCard: recognizeBankCardOperation.action,
  segmentCommonImage: segmentCommonImageOperation.action,
  moderateText: textModerationPlusOperation.action,
  detectImageFaces: detectImageFacesOperation.action,
}
