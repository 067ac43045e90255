import { View, Text, Button, Image } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ChoosePhotoButton from '../../components/choose-photo-button'
import ErrorNotice from '../../components/error-notice'
import UploadProgress from '../../components/upload-progress'
import { useLang } from '../../hooks/use-lang'
import { useRecognition } from '../../hooks/use-recognition'
import { kit } from '../../services/kit'
import './index.scss'

/**
 * Saving needs a local file on mini programs. H5 has no album: download it — as a blob, because
 * browsers ignore `download` on cross-origin links and would navigate away from the app; where the
 * result host sends no CORS headers, open it in a new tab instead.
 */
async function saveToAlbum(url: string): Promise<void> {
  if (process.env.TARO_ENV === 'h5') {
    try {
      const blob = await (await fetch(url)).blob()
      const a = document.createElement('a')
      a.href = URL.createObjectURL(blob)
      a.download = 'cutout.png'
      a.click()
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
    } catch {
      window.open(url, '_blank', 'noopener')
    }
    return
  }
  const { tempFilePath } = await Taro.downloadFile({ url })
  await Taro.saveImageToPhotosAlbum({ filePath: tempFilePath })
}

export default function Segment() {
  const { t } = useLang()
  const r = useRecognition((image, options) => kit.segmentCommonImage(image, options))
  const [saved, setSaved] = useState(false)

  return (
    <View className='page'>
      <Text className='page__title'>{t('segmentTitle')}</Text>
      {r.status === 'running' ? <UploadProgress phase={r.phase} percent={r.percent} indeterminate={r.indeterminate} onCancel={r.cancel} t={t} /> : null}
      {r.status === 'failed' ? <ErrorNotice error={r.error} onRetry={r.image ? r.retry : undefined} t={t} /> : null}
      {r.image ? (
        <View className='compare'>
          <View className='compare__item'>
            <Text className='compare__label'>{t('original')}</Text>
            <Image className='compare__image' id='original' src={r.image.path as string} mode='aspectFit' />
          </View>
          {r.result ? (
            <View className='compare__item'>
              <Text className='compare__label'>{t('cutout')}</Text>
              <View className='checkerboard'>
                <Image className='compare__image' id='cutout' src={r.result.imageUrl} mode='aspectFit' />
              </View>
            </View>
          ) : null}
        </View>
      ) : null}
      {r.result ? (
        <Button id='save' size='mini' onClick={() => saveToAlbum(r.result!.imageUrl).then(() => setSaved(true), () => setSaved(false))}>
          {saved ? t('saved') : t('saveToAlbum')}
        </Button>
      ) : null}
      <ChoosePhotoButton running={r.status === 'running'} hasPhoto={!!r.image} onChoose={r.choose} t={t} />
    </View>
  )
}
