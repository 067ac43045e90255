/**
 * `viapi-miniprogram-core/platform`: the WeChat, Alipay and DingTalk profiles (every call's
 * options and answers as data), the transports and media helpers over them, and the failure
 * readers, for an app that drives `wx` / `my` / `dd` itself.
 */
export { wechatPlatform } from './wechat'
export { alipayPlatform } from './alipay'
export { dingtalkPlatform } from './dingtalk'
export { platformProfile } from './profiles'
export type { PlatformProfile, MiniProgramPlatform, FailureKind, PlatformFailure, PickedPhoto, CompressOptions } from './profile'
export { createMiniProgramTransport } from './mini-program-transport'
export type { MiniProgramGlobal } from './mini-program-transport'
export { createTaroTransport } from './taro-transport'
export type { TaroLike } from './taro-transport'
export { createMiniProgramMedia, contentTypeOfWord } from './media'
export type { MiniProgramMedia, MiniProgramMediaGlobal, PhotoInfo } from './media'
export { failureDetail, refusal } from './failure'
export { getLoginCode } from './login-code'
export type { LoginApi } from './login-code'
