import { execFileSync } from 'node:child_process'
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface AlipayCertSet {
  dir: string
  /** Root file as Alipay ships it: an RSA root plus a non-RSA (here ECDSA) root the SN skips. */
  rootPem: string
  alipayCertPem: string
  alipayPrivateKey: KeyObject
  appCertPem: string
}

/**
 * A certificate-mode set made once per test run with openssl: a root CA issuing "Alipay's" public
 * key certificate and the app's public key certificate (the real ones are issued by Alipay's CA).
 */
export function makeAlipayCerts(appPrivateKeyPem: string): AlipayCertSet {
  const dir = mkdtempSync(join(tmpdir(), 'alipay-certs-'))
  const f = (name: string) => join(dir, name)
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] })
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-sha256',
    '-days',
    '3650',
    '-keyout',
    f('root.key'),
    '-out',
    f('root-rsa.crt'),
    '-subj',
    '/C=CN/O=Emulated Alipay/OU=Emulated Alipay Certification Authority/CN=Emulated Alipay Root CA',
    '-set_serial',
    '0x7a3b9f',
  )
  ssl(
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-days',
    '3650',
    '-keyout',
    f('root-ec.key'),
    '-out',
    f('root-ec.crt'),
    '-subj',
    '/C=CN/O=Emulated Alipay/CN=Emulated Alipay Root CA EC',
  )
  const issue = (name: string, subject: string, serial: string, keyArgs: string[]) => {
    ssl('req', '-new', ...keyArgs, '-out', f(`${name}.csr`), '-subj', subject)
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('root-rsa.crt'),
      '-CAkey',
      f('root.key'),
      '-set_serial',
      serial,
      '-days',
      '3650',
      '-sha256',
      '-out',
      f(`${name}.crt`),
    )
  }
  issue('alipay', '/C=CN/O=Emulated Alipay/OU=Alipay/CN=Emulated Alipay Public Key', '0x20190920', [
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    f('alipay.key'),
  ])
  writeFileSync(f('app.key'), appPrivateKeyPem)
  issue('app', '/C=CN/O=Emulated Merchant/OU=Alipay/CN=2021000000000001', '0x1f2e3d4c5b', ['-key', f('app.key')])
  const read = (name: string) => readFileSync(f(name), 'utf8')
  return {
    dir,
    rootPem: read('root-rsa.crt') + read('root-ec.crt'),
    alipayCertPem: read('alipay.crt'),
    alipayPrivateKey: createPrivateKey(read('alipay.key')),
    appCertPem: read('app.crt'),
  }
}

/**
 * Alipay's certificate SN, computed independently of the SDK: md5 of the issuer DN written most
 * specific first ("CN=…,OU=…,O=…,C=…") followed by the serial number in decimal.
 */
export function certSn(pem: string): string {
  const cert = new X509Certificate(pem)
  const issuer = cert.issuer.split('\n').reverse().join(',')
  return createHash('md5')
    .update(issuer + BigInt(`0x${cert.serialNumber}`).toString(10), 'utf8')
    .digest('hex')
}

/** The root SN: the SNs of the RSA-signed certificates in the file, joined with `_`. */
export function rootCertSn(pem: string): string {
  const certs = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  return certs
    .filter((c) => !new X509Certificate(c).publicKey.asymmetricKeyType?.startsWith('ec'))
    .map(certSn)
    .join('_')
}
