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

/** Upload progress bar with the current phase and a cancel button. */
export default function UploadProgress(props: { phase: Phase; percent: number; onCancel: () => void; t: (k: StringKey) => string }) {
  const { phase, percent, t } = props
  return (
    <View className='upload-progress' id='upload-progress'>
      <View className='upload-progress__label'>
        <Text id='progress-phase'>{t(PHASE_TEXT[phase])}</Text>
        {phase === 'uploading' ? <Text id='progress-percent'> {percent}%</Text> : null}
      </View>
      <View className='upload-progress__track'>
        <View className='upload-progress__bar' style={{ width: `${phase === 'credentials' ? 0 : percent}%` }} />
      </View>
      <Button id='cancel' size='mini' onClick={props.onCancel}>
        {t('cancel')}
      </Button>
    </View>
  )
}
