import { View, Text, Button } from '@tarojs/components'
import type { Phase } from '../../lib'
import type { StringKey } from '../../i18n/strings'
import './index.scss'

const PHASE_TEXT: Record<Phase, StringKey> = {
  downloading: 'phaseDownloading',
  credentials: 'phaseCredentials',
  uploading: 'phaseUploading',
  analyzing: 'phaseAnalyzing',
  done: 'phaseDone',
}

/**
 * Upload progress bar with the current phase and a cancel button. `indeterminate`: the platform
 * reports no upload progress (DingTalk), so a busy bar and an honest note replace the percentage.
 */
export default function UploadProgress(props: {
  phase: Phase
  percent: number
  indeterminate?: boolean
  onCancel: () => void
  t: (k: StringKey) => string
}) {
  const { phase, percent, t } = props
  const busy = props.indeterminate && phase === 'uploading'
  return (
    <View className='upload-progress' id='upload-progress'>
      <View className='upload-progress__label'>
        <Text id='progress-phase'>{t(PHASE_TEXT[phase])}</Text>
        {phase === 'uploading' && !busy ? <Text id='progress-percent'> {percent}%</Text> : null}
        {busy ? <Text id='progress-busy'>…</Text> : null}
      </View>
      <View className='upload-progress__track'>
        {busy ? (
          <View className='upload-progress__bar upload-progress__bar--busy' />
        ) : (
          <View className='upload-progress__bar' style={{ width: `${phase === 'credentials' ? 0 : percent}%` }} />
        )}
      </View>
      {busy ? (
        <Text className='upload-progress__note' id='progress-note'>
          {t('uploadNoProgress')}
        </Text>
      ) : null}
      <Button id='cancel' size='mini' onClick={props.onCancel}>
        {t('cancel')}
      </Button>
    </View>
  )
}
