import { View, Text, Button } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { useLang } from '../../hooks/use-lang'
import { backendStatus } from '../../services/kit'
import './index.scss'

/**
 * navigateTo fails when the page stack is full (10 pages on WeChat,
 * https://developers.weixin.qq.com/miniprogram/dev/api/route/wx.navigateTo.html): the user stays on
 * the home page, and the reason goes to the console rather than an unhandled rejection.
 */
function openPage(url: string) {
  Taro.navigateTo({ url }).catch((err: unknown) => console.warn(`opening ${url} failed:`, err))
}

export default function Index() {
  const { t, toggle } = useLang()
  const [status, setStatus] = useState<'checking' | 'ok' | 'down'>('checking')

  useDidShow(() => {
    setStatus('checking')
    // backendStatus never rejects: a failed check resolves 'down'.
    void backendStatus().then(setStatus)
  })

  return (
    <View className='index'>
      <Text className='index__title'>{t('appTitle')}</Text>
      <Text className='index__intro'>{t('homeIntro')}</Text>
      <View className='service' id='go-bank-card' onClick={() => openPage('/pages/bank-card/index')}>
        <Text className='service__title'>{t('bankCardTitle')}</Text>
        <Text className='service__desc'>{t('bankCardDesc')}</Text>
      </View>
      <View className='service' id='go-segment' onClick={() => openPage('/pages/segment/index')}>
        <Text className='service__title'>{t('segmentTitle')}</Text>
        <Text className='service__desc'>{t('segmentDesc')}</Text>
      </View>
      <View className='service' id='go-moderation' onClick={() => openPage('/pages/moderation/index')}>
        <Text className='service__title'>{t('moderationTitle')}</Text>
        <Text className='service__desc'>{t('moderationDesc')}</Text>
      </View>
      <View className='index__status'>
        <Text>{t('backendStatus')}: </Text>
        <Text id='backend-status' className={`status status--${status}`}>
          {status === 'ok' ? t('statusOk') : status === 'down' ? t('statusDown') : t('statusChecking')}
        </Text>
      </View>
      <Button id='toggle-language' size='mini' onClick={toggle}>
        {t('language')}
      </Button>
    </View>
  )
}
