/**
 * @module Check digits and shape rules that turn a pattern into evidence. Pure.
 *
 * Each function takes the candidate as written and answers whether it is well-formed; the callers
 * strip separators first. Sources: ISO/IEC 7812 (Luhn), ISO 13616 + ISO 7064 MOD 97-10 (IBAN),
 * ISO 7064 MOD 11,10 (DE Steuer-ID, §139b AO), the Dutch 11-test (BSN), INSEE (FR NIR key),
 * Agencia Tributaria (ES DNI/NIE letter), DM 23/12/1976 (IT codice fiscale), SSA (US SSN ranges).
 */

export const digitsOf = (s: string): string => s.replace(/\D/g, '')

/** Luhn (mod 10) over a digit string. */
export function luhn(digits: string): boolean {
  let sum = 0
  let double = false
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48
    if (d < 0 || d > 9) return false
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return digits.length > 0 && sum % 10 === 0
}

/** ISO 7064 MOD 97-10 over an alphanumeric string (letters A=10 … Z=35), computed piecewise. */
export function mod97(text: string): number {
  let r = 0
  for (const ch of text) {
    const c = ch.charCodeAt(0)
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1
    if (v < 0) return -1
    r = v > 9 ? (r * 100 + v) % 97 : (r * 10 + v) % 97
  }
  return r
}

/** Length of the IBAN per ISO 13616 country code (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24,
  DE: 22, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MD: 24, ME: 22, MK: 19, MR: 27, MT: 31, MU: 30, NL: 18, NO: 15, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29,
  RO: 24, RS: 22, SA: 24, SC: 31, SE: 24, SI: 19, SK: 24, SM: 27, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22,
  VG: 24, XK: 20,
}

/** An IBAN without spaces: known country, its exact length, and MOD 97-10 remainder 1. */
export function ibanValid(compact: string): boolean {
  const len = IBAN_LENGTHS[compact.slice(0, 2)]
  if (len === undefined || compact.length !== len) return false
  return mod97(compact.slice(4) + compact.slice(0, 4)) === 1
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0
  const counts = new Map<string, number>()
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let h = 0
  for (const n of counts.values()) {
    const p = n / s.length
    h -= p * Math.log2(p)
  }
  return h
}

/** How many of lower, upper, digit, other appear. */
export function charClasses(s: string): number {
  let mask = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    mask |= c >= 97 && c <= 122 ? 1 : c >= 65 && c <= 90 ? 2 : c >= 48 && c <= 57 ? 4 : 8
  }
  return ((mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1) + ((mask >> 3) & 1)) | 0
}

/** US SSN (AAA-GG-SSSS): never area 000, 666 or 900–999, group 00 or serial 0000 (SSA). */
export function ssnValid(digits: string): boolean {
  if (digits.length !== 9) return false
  const area = Number(digits.slice(0, 3))
  return area !== 0 && area !== 666 && area < 900 && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000'
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'

/** ES DNI (8 digits + letter) or NIE (X/Y/Z + 7 digits + letter): the letter is number mod 23. */
export function dniValid(compact: string): boolean {
  const m = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(compact)
  if (!m) return false
  const [, prefix = '', digits = '', letter] = m
  if ((prefix === '' && digits.length !== 8) || (prefix !== '' && digits.length !== 7)) return false
  const n = Number((prefix === '' ? '' : String('XYZ'.indexOf(prefix))) + digits)
  return DNI_LETTERS[n % 23] === letter
}

/** NL BSN: 9 digits, 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11), and not all zero. */
export function bsnValid(digits: string): boolean {
  if (!/^\d{9}$/.test(digits) || /^0+$/.test(digits)) return false
  let sum = 0
  for (let i = 0; i < 8; i++) sum += (9 - i) * (digits.charCodeAt(i) - 48)
  sum -= digits.charCodeAt(8) - 48
  return sum % 11 === 0
}

/** DE Steuer-ID: 11 digits, no leading 0, ISO 7064 MOD 11,10 check digit, one digit repeated in the first 10. */
export function steuerIdValid(digits: string): boolean {
  if (!/^[1-9]\d{10}$/.test(digits)) return false
  const counts = new Map<string, number>()
  for (const ch of digits.slice(0, 10)) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  const repeated = [...counts.values()].filter((n) => n > 1)
  // Since 2016 exactly one digit appears two or three times among the first ten.
  if (repeated.length !== 1 || (repeated[0] ?? 0) > 3) return false
  let product = 10
  for (let i = 0; i < 10; i++) {
    let sum = (digits.charCodeAt(i) - 48 + product) % 10
    if (sum === 0) sum = 10
    product = (sum * 2) % 11
  }
  const check = (11 - product) % 10
  return check === digits.charCodeAt(10) - 48
}

/** FR NIR (n° de sécurité sociale): 13 characters (Corsica 2A/2B) + a 2-digit key = 97 − (n mod 97). */
export function nirValid(compact: string): boolean {
  const m = /^([12]\d{4})(\d[0-9AB]|\d{2})(\d{6})(\d{2})$/.exec(compact)
  if (!m) return false
  const month = Number(compact.slice(3, 5))
  if (!((month >= 1 && month <= 12) || (month >= 20 && month <= 42) || (month >= 50 && month <= 99))) return false
  const body = compact.slice(0, 13)
  // Corsica: 2A counts as 19, 2B as 18 (the department is replaced before the modulo).
  const numeric = body.slice(0, 5) + body.slice(5, 7).replace('2A', '19').replace('2B', '18') + body.slice(7)
  if (!/^\d{13}$/.test(numeric)) return false
  return 97 - (Number(BigInt(numeric) % 97n)) === Number(compact.slice(13))
}

const CF_ODD: Readonly<Record<string, number>> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19,
  J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
}

/** IT codice fiscale: 16 characters whose last is a check letter over odd/even position tables. */
export function codiceFiscaleValid(cf: string): boolean {
  if (!/^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(cf)) return false
  let sum = 0
  for (let i = 0; i < 15; i++) {
    const ch = cf[i]!
    // Positions are 1-based in the decree: odd positions use the table, even ones the plain value.
    if (i % 2 === 0) sum += CF_ODD[ch] ?? 0
    else sum += ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 65
  }
  return String.fromCharCode(65 + (sum % 26)) === cf[15]
}
