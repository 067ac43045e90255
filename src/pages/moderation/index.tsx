import { View, Text, Button, Textarea } from '@tarojs/components'
import { useRef, useState } from 'react'
import ErrorNotice from '../../components/error-notice'
import { useLang } from '../../hooks/use-lang'
import { moderateText, type ModerationResult } from '../../lib'
import { kit } from '../../services/kit'
import './index.scss'

const VERDICT_TEXT = { pass: 'moderationPass', review: 'moderationReview', block: 'moderationBlock' } as const

/**
 * The comment box's size. WeChat's textarea stops at 140 characters unless told (maxlength default
 * 140, https://developers.weixin.qq.com/miniprogram/dev/component/textarea.html); 600 is this demo's
 * comment size, not a cloud limit: none is documented for comment_detection_pro
 * (docs/platform-contracts.md, TextModerationPlus content length by Service).
 */
const COMMENT_MAX_LENGTH = 600

/** Checks a comment with TextModerationPlus before "posting" it: pass posts, review holds, block refuses. */
export default function Moderation() {
  const { t } = useLang()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ModerationResult>()
  const [error, setError] = useState<unknown>()
  // A newer check replaces an older one still in flight: only the latest answer is shown.
  const latest = useRef(0)

  /** Every failure ends in `error`, so the buttons fire it without awaiting (`void`). */
  async function check() {
    const id = ++latest.current
    setBusy(true)
    setError(undefined)
    setResult(undefined)
    try {
      const answer = await moderateText(kit, text, { service: 'comment_detection_pro' })
      if (id === latest.current) setResult(answer)
    } catch (err) {
      if (id === latest.current) setError(err)
    } finally {
      if (id === latest.current) setBusy(false)
    }
  }

  return (
    <View className='moderation'>
      <Text className='page__title'>{t('moderationTitle')}</Text>
      <Textarea
        id='comment'
        className='moderation__input'
        value={text}
        maxlength={COMMENT_MAX_LENGTH}
        placeholder={t('moderationPlaceholder')}
        onInput={(event) => setText(event.detail.value)}
      />
      <Button id='check-comment' type='primary' loading={busy} disabled={busy || text.trim() === ''} onClick={() => void check()}>
        {busy ? t('moderationChecking') : t('moderationCheck')}
      </Button>
      {error ? <ErrorNotice error={error} onRetry={() => void check()} t={t} /> : null}
      {result ? (
        <View id='verdict' className={`moderation__verdict moderation__verdict--${result.verdict}`} data-verdict={result.verdict}>
          <Text>{t(VERDICT_TEXT[result.verdict])}</Text>
          {result.labels.length > 0 ? (
            <View id='labels'>
              <Text className='moderation__label'>{t('moderationLabels')}:</Text>
              {result.labels.map((finding) => (
                <Text key={finding.label} className='moderation__label label'>
                  {finding.label}
                  {finding.confidence !== undefined ? ` (${finding.confidence})` : ''}
                  {finding.riskWords.length > 0 ? ` — ${finding.riskWords.join(', ')}` : ''}
                </Text>
              ))}
            </View>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
