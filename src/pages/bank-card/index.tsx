import { View, Text, Button, Image } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ChoosePhotoButton from '../../components/choose-photo-button'
import ErrorNotice from '../../components/error-notice'
import UploadProgress from '../../components/upload-progress'
import { useLang } from '../../hooks/use-lang'
import { useRecognition } from '../../hooks/use-recognition'
import { kit } from '../../services/kit'
import { recognizeBankCardOperation } from '../../lib'
import { BANK_CARD_IMAGE_LIMITS } from '../../lib/operations'
import './index.scss'

/** `6222 **** **** 1234`: first 4 and last 4 digits only, until the user asks to see it. */
function maskCardNumber(cardNumber: string): string {
  return cardNumber.length <= 8 ? cardNumber : `${cardNumber.slice(0, 4)} **** **** ${cardNumber.slice(-4)}`
}

export default function BankCard() {
  const { t } = useLang()
  const recognition = useRecognition((image, options) => kit.recognize(recognizeBankCardOperation, image, options), BANK_CARD_IMAGE_LIMITS)
  const [revealed, setRevealed] = useState(false)
  const [copied, setCopied] = useState(false)
  const card = recognition.result

  return (
    <View className='page'>
      <Text className='page__title'>{t('bankCardTitle')}</Text>
      {/* nativeProps: the alt text (WCAG 2 1.1.1) of the <img> inside H5's Image; mini programs ignore it. */}
      {recognition.preview ? (
        <Image
          className='preview'
          id='preview'
          src={recognition.preview.path as string}
          mode='aspectFit'
          nativeProps={{ alt: t('photoPreview') }}
        />
      ) : null}
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
              // Both outcomes are handled here, nothing is left to await.
              onClick={() =>
                void Taro.setClipboardData({ data: card.cardNumber }).then(
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
      <ChoosePhotoButton running={recognition.status === 'running'} hasPhoto={recognition.picked} onChoose={recognition.choose} t={t} />
    </View>
  )
}
