import { View, Text } from '@tarojs/components'
import './index.scss'

export default function Index() {
  return (
    <View className='index'>
      <Text className='index__title'>拍照识别</Text>
      <View>
        <Text>平台：{process.env.TARO_ENV}</Text>
      </View>
    </View>
  )
}
