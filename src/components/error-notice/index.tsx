import { View, Text, Button } from '@tarojs/components'
import type { StringKey } from '../../i18n/strings'
import { describeError } from '../../services/error-message'
import { isRefusedInput } from '../../services/refused-input'
import './index.scss'

/**
 * What went wrong in plain words, what to do, and a retry that reuses the chosen photo. No retry
 * when the input itself was refused: it would fail the same way, only another photo helps.
 */
export default function ErrorNotice(props: { error: unknown; onRetry?: () => void; t: (k: StringKey) => string }) {
  const view = describeError(props.error)
  const { t } = props
  const onRetry = isRefusedInput(props.error) ? undefined : props.onRetry
  return (
    <View className='error-notice' id='error-notice'>
      <Text className='error-notice__title' id='error-title'>
        {t(view.title)}
      </Text>
      <Text className='error-notice__action' id='error-action'>
        {t(view.action)}
      </Text>
      {view.actionText ? (
        <Text className='error-notice__action' id='error-action-detail'>
          {view.actionText}
        </Text>
      ) : null}
      <Text className='error-notice__detail' id='error-detail'>
        {view.detail}
      </Text>
      {view.requestId ? (
        <Text className='error-notice__detail'>
          {t('requestId')}: {view.requestId}
        </Text>
      ) : null}
      {onRetry ? (
        <Button id='retry' type='primary' size='mini' onClick={onRetry}>
          {t('retry')}
        </Button>
      ) : null}
    </View>
  )
}
