import { InputError } from '../errors'
import { textModerationPlusOperation, type ModerationResult, type ModerationService } from '../viapi/operations'
import type { RunOptions } from './types'

export type ModerateTextOptions = RunOptions & { service?: ModerationService }

/** TextModerationPlus's input for `content`, refused before any request when empty or too long. */
export function moderationInput(content: string, options: ModerateTextOptions = {}): { service: ModerationService; content: string } {
  const max = textModerationPlusOperation.maxTextLength ?? 600
  if (content.trim() === '') throw new InputError('EmptyText', 'There is no text to check', 'Type something first.')
  if (content.length > max) throw new InputError('TextTooLong', `The text has ${content.length} characters; at most ${max} are checked at once`, 'Shorten the text or check it in parts.')
  return { service: options.service ?? 'comment_detection_pro', content }
}

/**
 * TextModerationPlus on `content` with any kit (`createKitCore` or `createViapiKit`): `{verdict:
 * 'pass' | 'review' | 'block', labels}`, trying the operation's other regions when one has an outage.
 */
export async function moderateText(
  kit: { call(operation: typeof textModerationPlusOperation, input: { service: ModerationService; content: string }, run?: RunOptions): Promise<ModerationResult> },
  content: string,
  options: ModerateTextOptions = {},
): Promise<ModerationResult> {
  return kit.call(textModerationPlusOperation, moderationInput(content, options), options)
}
