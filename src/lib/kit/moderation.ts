import { InputError } from '../base/errors'
import { maxTextLengthFor, textModerationPlusOperation, type ModerationResult, type ModerationService } from '../operations'
import type { RunOptions } from './types'

export type ModerateTextOptions = RunOptions & { service?: ModerationService }

/**
 * TextModerationPlus's input for `content`, refused before any request when empty or longer than
 * the operation declares for the service (`maxTextLength`); a service with no documented limit is
 * sent whatever its length, and the cloud decides.
 */
export function moderationInput(content: string, options: ModerateTextOptions = {}): { service: ModerationService; content: string } {
  const service = options.service ?? 'comment_detection_pro'
  if (content.trim() === '') throw new InputError('EmptyText', 'There is no text to check', 'Type something first.')
  const max = maxTextLengthFor(textModerationPlusOperation, service)
  if (max !== undefined && content.length > max) {
    throw new InputError(
      'TextTooLong',
      `The text has ${content.length} characters; ${service} checks at most ${max} at once`,
      'Shorten the text or check it in parts.',
    )
  }
  return { service, content }
}

/**
 * TextModerationPlus on `content` with any kit (`createKitCore` or `createViapiKit`): `{verdict:
 * 'pass' | 'review' | 'block', labels}`, trying the operation's other regions when one has an outage.
 */
export async function moderateText(
  kit: {
    call(
      operation: typeof textModerationPlusOperation,
      input: { service: ModerationService; content: string },
      run?: RunOptions,
    ): Promise<ModerationResult>
  },
  content: string,
  options: ModerateTextOptions = {},
): Promise<ModerationResult> {
  return kit.call(textModerationPlusOperation, moderationInput(content, options), options)
}
