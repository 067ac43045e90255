import { Button } from '@tarojs/components'
import type { StringKey } from '../../i18n/strings'

/** "Take or choose a photo", or "Choose another" once one was picked; hidden while work runs. */
export default function ChoosePhotoButton(props: {
  running: boolean
  hasPhoto: boolean
  onChoose: () => void
  t: (k: StringKey) => string
}) {
  if (props.running) return null
  return (
    <Button id='choose-photo' type='primary' onClick={props.onChoose}>
      {props.hasPhoto ? props.t('chooseAnother') : props.t('choosePhoto')}
    </Button>
  )
}
