import { createSign } from 'node:crypto'
import type { KeyObject } from 'node:crypto'

/**
 * A gateway answer signed the way Alipay signs it, written with node:crypto only (no server code):
 * RSA2 over the exact text of the response node, `sign` after it; in certificate mode
 * `alipay_cert_sn` sits between the node and `sign`, as in Alipay's answers.
 */
export function alipayAnswer(node: string, value: unknown, alipayPrivateKey: KeyObject, alipayCertSn?: string): string {
  const inner = JSON.stringify(value)
  const sign = createSign('RSA-SHA256').update(inner, 'utf8').sign(alipayPrivateKey, 'base64')
  const sn = alipayCertSn === undefined ? '' : `,"alipay_cert_sn":"${alipayCertSn}"`
  return `{"${node}":${inner}${sn},"sign":"${sign}"}`
}
