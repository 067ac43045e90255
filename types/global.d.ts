/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.less'
declare module '*.scss'
declare module '*.sass'
declare module '*.styl'

declare namespace NodeJS {
  interface ProcessEnv {
    /** The target Taro is building for; decided at compile time. */
    TARO_ENV: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'dd'
    /** Base URL of our backend, baked in at build time (never a cloud key). */
    TARO_APP_BACKEND_URL?: string
  }
}

/** Mini-program platform globals; each exists only in its own build (see src/services/transport.ts). */
declare const wx: unknown
declare const my: unknown
declare const dd: unknown

declare namespace NodeJS {
  interface ProcessEnv {
    TARO_APP_EMULATOR_URL?: string
    TARO_APP_DD_CORP_ID?: string
  }
}
