import { View, Text, Button, Image } from '@tarojs/components'
import { useState } from 'react'
import ChoosePhotoButton from '../../components/choose-photo-button'
import ErrorNotice from '../../components/error-notice'
import UploadProgress from '../../components/upload-progress'
import { useLang } from '../../hooks/use-lang'
import { useRecognition } from '../../hooks/use-recognition'
import { kit } from '../../services/kit'
import { openAppSettings, saveImageFromUrl } from '../../services/images'
import { describeError } from '../../services/error-message'
import { PlatformError, segmentCommonImageOperation } from '../../lib'
import { SEGMENT_IMAGE_LIMITS } from '../../lib/operations'
import './index.scss'

export default function Segment() {
  const { t } = useLang()
  const recognition = useRecognition((image, options) => kit.recognize(segmentCommonImageOperation, image, options), SEGMENT_IMAGE_LIMITS)
  const [saved, setSaved] = useState(false)
  const [saveError, setSaveError] = useState<unknown>()

  /** Every failure ends in `saveError`, so the button fires it without awaiting (`void`). */
  async function save(url: string) {
    setSaveError(undefined)
    try {
      await saveImageFromUrl(url)
      setSaved(true)
    } catch (err) {
      setSaved(false)
      setSaveError(err)
    }
  }
  // Album permission refused: the settings page is where the user can allow it again (wx/my).
  const canOpenSettings = saveError instanceof PlatformError && saveError.reason === 'permission-denied' && saveError.platform !== 'dd'

  return (
    <View className='page'>
      <Text className='page__title'>{t('segmentTitle')}</Text>
      {recognition.status === 'running' ? (
        <UploadProgress
          phase={recognition.phase}
          percent={recognition.percent}
          indeterminate={recognition.indeterminate}
          onCancel={recognition.cancel}
          t={t}
        />
      ) : null}
      {recognition.status === 'failed' ? <ErrorNotice error={recognition.error} onRetry={recognition.retry} t={t} /> : null}
      {/* nativeProps: the alt text (WCAG 2 1.1.1) of the <img> inside H5's Image; mini programs ignore it. */}
      {recognition.preview ? (
        <View className='compare'>
          <View className='compare__item'>
            <Text className='compare__label'>{t('original')}</Text>
            <Image
              className='compare__image'
              id='original'
              src={recognition.preview.path as string}
              mode='aspectFit'
              nativeProps={{ alt: t('original') }}
            />
          </View>
          {recognition.result ? (
            <View className='compare__item'>
              <Text className='compare__label'>{t('cutout')}</Text>
              <View className='checkerboard'>
                <Image
                  className='compare__image'
                  id='cutout'
                  src={recognition.result.imageUrl}
                  mode='aspectFit'
                  nativeProps={{ alt: t('cutout') }}
                />
              </View>
            </View>
          ) : null}
        </View>
      ) : null}
      {recognition.result ? (
        <Button id='save' size='mini' onClick={() => void save(recognition.result!.imageUrl)}>
          {saved ? t('saved') : t('saveToAlbum')}
        </Button>
      ) : null}
      {saveError ? (
        <View className='save-error' id='save-error'>
          <Text id='save-error-title'>{t(describeError(saveError).title)}</Text>
          <Text id='save-error-action'>{t(describeError(saveError).action)}</Text>
          {canOpenSettings ? (
            <Button id='open-settings' size='mini' onClick={() => void openAppSettings()}>
              {t('openSettings')}
            </Button>
          ) : null}
        </View>
      ) : null}
      <ChoosePhotoButton running={recognition.status === 'running'} hasPhoto={recognition.picked} onChoose={recognition.choose} t={t} />
    </View>
  )
}
