import { View, Text, Button, Image } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ChoosePhotoButton from '../../components/choose-photo-button'
import ErrorNotice from '../../components/error-notice'
import UploadProgress from '../../components/upload-progress'
import { useLang } from '../../hooks/use-lang'
import { useRecognition } from '../../hooks/use-recognition'
import { kit } from '../../services/kit'
import { BANK_CARD_IMAGE_LIMITS, recognizeBankCardOperation } from '../../lib'
import './index.scss'

/** `6222 **** **** 1234`: first 4 and last 4 digits only, until the user asks to see it. */
function maskCardNumber(n: string): string {
  return n.length <= 8 ? n : `${n.slice(0, 4)} **** **** ${n.slice(-4)}`
}

export default function BankCard() {
  const { t } = useLang()
  const r = useRecognition((image, options) => kit.recognize(recognizeBankCardOperation, image, options), BANK_CARD_IMAGE_LIMITS)
  const [revealed, setRevealed] = useState(false)
  const [copied, setCopied] = useState(false)
  const card = r.result

  return (
    <View className='page'>
      <Text className='page__title'>{t('bankCardTitle')}</Text>
      {/* nativeProps: the alt text (WCAG 2 1.1.1) of the <img> inside H5's Image; mini programs ignore it. */}
      {r.preview ? (
        <Image className='preview' id='preview' src={r.preview.path as string} mode='aspectFit' nativeProps={{ alt: t('photoPreview') }} />
      ) : null}
      {r.status === 'running' ? (
        <UploadProgress phase={r.phase} percent={r.percent} indeterminate={r.indeterminate} onCancel={r.cancel} t={t} />
      ) : null}
      {r.status === 'failed' ? <ErrorNotice error={r.error} onRetry={r.retry} t={t} /> : null}
      {card ? (
        <View className='result-card' id='bank-card-result'>
          <View className='result-card__row'>
            <Text className='result-card__label'>{t('bankName')}</Text>
            <Text id='bank-name'>{card.bankName}</Text>
          </View>
          <View className='result-card__row'>
            <Text className='result-card__label'>{t('cardType')}</Text>
            <Text id='card-type'>{card.cardType === 'CC' ? t('creditCard') : card.cardType === 'DC' ? t('debitCard') : card.cardType}</Text>
          </View>
          <View className='result-card__row'>
            <Text className='result-card__label'>{t('cardNumber')}</Text>
            <Text id='card-number' className='result-card__number'>
              {revealed ? card.cardNumber.replace(/(.{4})/g, '$1 ').trim() : maskCardNumber(card.cardNumber)}
            </Text>
          </View>
          <View className='result-card__actions'>
            <Button className='result-card__action' id='reveal' size='mini' onClick={() => setRevealed(!revealed)}>
              {revealed ? t('hide') : t('reveal')}
            </Button>
            <Button
              className='result-card__action'
              id='copy'
              size='mini'
              onClick={() =>
                Taro.setClipboardData({ data: card.cardNumber }).then(
                  () => setCopied(true),
                  () => setCopied(false),
                )
              }
            >
              {copied ? t('copied') : t('copy')}
            </Button>
          </View>
          <View className='result-card__row'>
            <Text className='result-card__label'>{t('validDate')}</Text>
            <Text id='valid-date'>{card.validDate}</Text>
          </View>
          {card.emulated ? (
            <Text className='result-card__note' id='emulated-note'>
              {t('emulatedNote')}
            </Text>
          ) : null}
        </View>
      ) : null}
      <ChoosePhotoButton running={r.status === 'running'} hasPhoto={r.picked} onChoose={r.choose} t={t} />
    </View>
  )
}
