import type { Operation } from './operation'
import { dataOf, textOf } from './read-answer'

export interface OssStsToken {
  accessKeyId: string
  accessKeySecret: string
  securityToken: string
}

/** viapiutils GetOssStsToken: credentials for the shared temporary bucket (no Expiration in the answer). No image input. */
export const getOssStsTokenOperation: Operation<Record<string, never>, OssStsToken> = {
  product: 'viapiutils',
  cloudEndpoint: 'https://viapiutils.cn-shanghai.aliyuncs.com',
  action: 'GetOssStsToken',
  version: '2020-04-01',
  ramAction: 'viapi:GetOssStsToken',
  toParams: () => ({}),
  parseResult(body) {
    const d = dataOf(body, 'GetOssStsToken')
    return { accessKeyId: textOf(d.AccessKeyId), accessKeySecret: textOf(d.AccessKeySecret), securityToken: textOf(d.SecurityToken) }
  },
}
