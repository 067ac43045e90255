// Deterministic stand-in for bank card OCR: the same image bytes always give the same answer.
// From h = sha256(image):
//   issuer   = ISSUERS[h[0] % ISSUERS.length]   (BIN prefix, bank name, DC debit / CC credit, length)
//   digits   = BIN + (h[1+i] % 10 …) + Luhn check digit, so the number passes a Luhn check
//   ValidDate= MM/YY with MM = h[30] % 12 + 1, YY = 26 + h[31] % 8
import { createHash } from 'node:crypto'

interface Issuer {
  bin: string
  bank: string
  type: 'DC' | 'CC'
  length: number
}

export const ISSUERS: readonly Issuer[] = [
  { bin: '622202', bank: '中国工商银行', type: 'DC', length: 19 },
  { bin: '621700', bank: '中国建设银行', type: 'DC', length: 19 },
  { bin: '622848', bank: '中国农业银行', type: 'DC', length: 19 },
  { bin: '621661', bank: '中国银行', type: 'DC', length: 19 },
  { bin: '622588', bank: '招商银行', type: 'DC', length: 16 },
  { bin: '625807', bank: '中国工商银行', type: 'CC', length: 16 },
  { bin: '436742', bank: '中国建设银行', type: 'CC', length: 16 },
  { bin: '622575', bank: '招商银行', type: 'CC', length: 16 },
]

export function luhnCheckDigit(partial: string): string {
  let sum = 0
  // Walking from the right of the partial number, every first digit is doubled (it will be
  // second-from-right once the check digit is appended).
  for (let i = 0; i < partial.length; i++) {
    let d = Number(partial[partial.length - 1 - i])
    if (i % 2 === 0) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return String((10 - (sum % 10)) % 10)
}

export function luhnValid(number: string): boolean {
  return /^\d{2,}$/.test(number) && luhnCheckDigit(number.slice(0, -1)) === number.slice(-1)
}

export interface BankCardResult {
  CardNumber: string
  ValidDate: string
  BankName: string
  CardType: 'DC' | 'CC'
}

export function bankCardFromImage(image: Buffer): BankCardResult {
  const h = createHash('sha256').update(image).digest()
  const issuer = ISSUERS[h[0] % ISSUERS.length]
  let partial = issuer.bin
  for (let i = 0; partial.length < issuer.length - 1; i++) partial += String(h[1 + i] % 10)
  const month = String((h[30] % 12) + 1).padStart(2, '0')
  const year = String(26 + (h[31] % 8))
  return {
    CardNumber: partial + luhnCheckDigit(partial),
    ValidDate: `${month}/${year}`,
    BankName: issuer.bank,
    CardType: issuer.type,
  }
}
