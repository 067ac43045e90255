import { type PropsWithChildren } from 'react'
import { useLaunch } from '@tarojs/taro'
import { kit } from './services/kit'
import './app.scss'

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    // Log in and fetch STS credentials now, so the first photo does not wait for them.
    kit.prefetch().catch(() => {
      // Shown when the user starts; the home page shows the backend status meanwhile.
    })
  })
  return children
}

export default App
