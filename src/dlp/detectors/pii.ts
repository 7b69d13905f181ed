/**
 * @module Personal-data detectors: payment cards, IBANs, e-mail addresses and phone numbers. Pure.
 *
 * Every pattern is only a candidate; the evidence is a checksum (Luhn, MOD 97-10), a registry
 * (card IIN ranges, IBAN lengths, E.164 country codes) or a shape rule. Published test and
 * fictional values (card networks' test PANs, RFC 2606 domains, NANP 555-01xx, Ofcom's drama
 * ranges) are reported `low`: below the default confidence, they are neither acted on nor counted.
 */
import { digitsOf, ibanValid, luhn } from '../checksums'
import type { Confidence, Detector, Match, ScanContext } from '../types'
import { before, keyIs, matches } from './define'

// ── payment cards ─────────────────────────────────────────────────────────────────────────────

/** Published test PANs (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay; Stripe, Adyen, Braintree docs). */
const TEST_PANS = new Set([
  '4111111111111111', '4242424242424242', '4012888888881881', '4000056655665556', '4000000000000002', '4222222222222',
  '4462030000000000', '4917610000000000003', '5555555555554444', '5105105105105100', '5200828282828210', '2223003122003222',
  '2221000000000009', '5454545454545454', '378282246310005', '371449635398431', '378734493671000', '6011111111111117',
  '6011000990139424', '6011000400000000', '3530111333300000', '3566002020360505', '30569309025904', '38520000023237',
  '36227206271667', '6200000000000005', '6250941006528599', '4000000760000002', '4000001240000000', '4000000000003220',
])

/** Card length ranges by issuer identification number (ISO/IEC 7812, network rules). */
function issuerAccepts(pan: string): boolean {
  const n = pan.length
  const p2 = Number(pan.slice(0, 2))
  const p3 = Number(pan.slice(0, 3))
  const p4 = Number(pan.slice(0, 4))
  const p6 = Number(pan.slice(0, 6))
  // Visa: 16 or 19 (13-digit cards are no longer issued; 13 digits starting with 4 are German phone numbers).
  if (pan[0] === '4') return n === 16 || n === 19
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16 // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15 // Amex
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) return n >= 16 && n <= 19 // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19 // JCB
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14 && n <= 19 // Diners
  if (p2 === 62) return n >= 16 && n <= 19 // UnionPay
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12 && n <= 19 // Maestro
  return false
}

/**
 * Written cards come in groups of 4 (4-6-5 for Amex, 4-6-4 for Diners): a first group of 4, middle
 * groups of 4 or 6, a last group of 3 to 6. Other groupings are account numbers, phone numbers, ids.
 */
function grouped(groups: readonly { digits: string }[], i: number, j: number): boolean {
  if (i === j) return true
  if (groups[i]!.digits.length !== 4) return false
  for (let k = i + 1; k < j; k++) if (groups[k]!.digits.length !== 4 && groups[k]!.digits.length !== 6) return false
  const last = groups[j]!.digits.length
  return last >= 3 && last <= 6
}

/** Digit groups joined by single spaces or dashes, bounded by non-digits (at most 64 groups a run). */
const DIGIT_RUN = /(?<![\d.,])\d{1,19}(?:[ -]\d{1,19}){0,63}(?!\d|[.,]\d)/g

/**
 * A run can hold several cards ("4111 1111 1111 1111 5500 0000 0000 0004") or a date before one,
 * so candidates are contiguous groups of one separator kind inside it; from each group start the
 * longest valid candidate is kept, and the search resumes after it.
 */
function cards(text: string): Match[] {
  const out: Match[] = []
  DIGIT_RUN.lastIndex = 0
  for (let m = DIGIT_RUN.exec(text); m !== null; m = DIGIT_RUN.exec(text)) {
    const run = m[0]
    if (run.length < 12) continue
    const groups: { at: number; digits: string; sep: string }[] = []
    for (const g of run.matchAll(/([ -]?)(\d+)/g)) groups.push({ at: g.index + g[1]!.length, digits: g[2]!, sep: g[1]! })
    for (let i = 0; i < groups.length; ) {
      let best = -1
      let pan = ''
      for (let j = i; j < groups.length && pan.length + groups[j]!.digits.length <= 19; j++) {
        if (j > i + 1 && groups[j]!.sep !== groups[i + 1]!.sep) break
        pan += groups[j]!.digits
        if (pan.length >= 12 && grouped(groups, i, j) && issuerAccepts(pan) && luhn(pan)) best = j
      }
      if (best < 0) {
        i++
        continue
      }
      const first = groups[i]!
      const last = groups[best]!
      const digits = groups.slice(i, best + 1).map((g) => g.digits).join('')
      out.push({ start: m.index + first.at, end: m.index + last.at + last.digits.length, confidence: TEST_PANS.has(digits) ? 'low' : 'high' })
      i = best + 1
    }
  }
  return out
}

const card: Detector = { id: 'pii.card', category: 'pii', priority: 60, maxLength: 40, minDigits: 12, find: cards }

// ── IBAN ─────────────────────────────────────────────────────────────────────────────────────

const IBAN = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])/g
/** The examples of the IBAN registry, ECBS and bank documentation. */
const EXAMPLE_IBANS = new Set(['GB82WEST12345698765432', 'DE89370400440532013000', 'FR1420041010050500013M02606', 'NL91ABNA0417164300', 'GB33BUKB20201555555555', 'GB29NWBK60161331926819'])

const iban: Detector = {
  id: 'pii.iban',
  category: 'pii',
  priority: 60,
  maxLength: 42,
  minDigits: 8,
  hint: /[A-Z]{2}\d{2}/,
  find: (text) =>
    matches(IBAN, text, (m) => {
      const compact = m[0].replace(/ /g, '')
      if (!ibanValid(compact)) return null
      return EXAMPLE_IBANS.has(compact) ? 'low' : 'high'
    }),
}

// ── e-mail ───────────────────────────────────────────────────────────────────────────────────

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,62}[A-Za-z0-9_%+-])?@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?){0,6}\.[A-Za-z]{2,24}(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g
/** `icon@2x.png` is an asset name, not an address. */
const FILE_TLD = /\.(?:png|jpe?g|gif|svg|webp|avif|ico|css|js|mjs|json|html?|txt|pdf|zip|gz|ts|map|woff2?)$/i
/** RFC 2606 / RFC 6761 reserved names: documentation and test addresses. */
const RESERVED_DOMAIN = /@(?:(?:[^@]*\.)?example\.(?:com|net|org)|[^@]*\.(?:example|test|invalid|localhost))$/i

const email: Detector = {
  id: 'pii.email',
  category: 'pii',
  priority: 40,
  maxLength: 254,
  hint: /@/,
  find: (text) => matches(EMAIL, text, (m) => (FILE_TLD.test(m[0]) ? null : RESERVED_DOMAIN.test(m[0]) ? 'low' : 'high')),
}

// ── phone numbers ────────────────────────────────────────────────────────────────────────────

/** Assigned E.164 country calling codes (ITU-T E.164 list, 2024). */
const COUNTRY_CODES = new Set(
  ('1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98 ' +
    '211 212 213 216 218 220 221 222 223 224 225 226 227 228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 248 249 ' +
    '250 251 252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299 350 351 352 353 354 355 356 357 358 359 ' +
    '370 371 372 373 374 375 376 377 378 380 381 382 383 385 386 387 389 420 421 423 500 501 502 503 504 505 506 507 508 509 590 591 592 593 ' +
    '594 595 596 597 598 599 670 672 673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 692 850 852 853 855 856 880 886 ' +
    '960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 992 993 994 995 996 998').split(' '),
)

function countryCodeOk(digits: string): boolean {
  return COUNTRY_CODES.has(digits.slice(0, 1)) || COUNTRY_CODES.has(digits.slice(0, 2)) || COUNTRY_CODES.has(digits.slice(0, 3))
}

/** Separators as people write them: single spaces, dots or dashes, an optional parenthesised group. */
const SANE_SEPARATORS = /^\+?\d[\d]*(?:(?:[ .-]|\) ?| ?\()\d+)*\)?$/

/** International form: + country code, 8–15 digits in all (E.164). */
const INTERNATIONAL = /(?<![\w+])\+[1-9][\d ().-]{6,22}\d(?![\d])/g
/** NANP with separators: (415) 555-0123, 415-555-0123, 415.555.0123 (one separator kind). */
const NANP = /(?<![\w+(.-])(?:\(([2-9]\d{2})\) ?|([2-9]\d{2})([-.]))([2-9]\d{2})[-.](\d{4})(?![\w-]|\.\d)/g
/** FR: 0X XX XX XX XX with spaces or dots. */
const FR = /(?<![\w+.-])0[1-9]([ .])\d{2}(?:\1\d{2}){3}(?![\w.-]|\.\d)/g
/** UK mobiles and geographic numbers written with spaces. */
const UK = /(?<![\w+.-])0(?:7\d{3} \d{3} ?\d{3}|[12]\d{2,3} \d{3} ?\d{3,4})(?![\w.-]|\.\d)/g
/** Cheap preconditions of the national patterns: a separator after 3 digits; a leading 0. */
const NANP_HINT = /\d{3}[-.) ]/
const NATIONAL_HINT = /(?:^|[^\w+.-])0\d/
/** After a label, any 7–15 digit number in the usual separators is a phone number. */
const LABELLED = /[+(]?\d[\d ().-]{5,22}\d/g
const PHONE_WORD = /phone|tel|mobile|cell|fax|msisdn|whatsapp|sms/i
const PHONE_LABEL = /(?<![a-z])(?:phone|tel|telephone|mobile|cell|fax|msisdn|whatsapp|sms)[_ .:#-]*(?:no|number|nr)?["']?\s{0,3}[:=]?\s{0,3}["']?$/i
const PHONE_KEY = /(?:^|_)(?:phone|tel|telephone|mobile|cell|fax|msisdn|whatsapp)(?:_?(?:no|number|nr))?$/

/** Fictional ranges: NANP 555-0100…0199; Ofcom drama numbers 07700 900000–900999, 020 7946 0000–0999. */
function fictional(digits: string): boolean {
  const national = digits.startsWith('1') && digits.length === 11 ? digits.slice(1) : digits.startsWith('44') ? `0${digits.slice(2)}` : digits
  return /^\d{3}55501\d{2}$/.test(national) || /^07700900\d{3}$/.test(national) || /^02079460\d{3}$/.test(national)
}

function phoneConfidence(candidate: string, base: Confidence): Confidence | null {
  const digits = digitsOf(candidate)
  if (digits.length < 7 || digits.length > 15 || !SANE_SEPARATORS.test(candidate.replace(/^\(/, ''))) return null
  return fictional(digits) ? 'low' : base
}

function phones(text: string, ctx: ScanContext): Match[] {
  const keyed = keyIs(ctx, PHONE_KEY)
  const labelled = keyed || PHONE_WORD.test(text) ? matches(LABELLED, text, (m) => (keyed || PHONE_LABEL.test(before(text, m.index, 40)) ? phoneConfidence(m[0], 'high') : null)) : []
  // Under a phone member name every number is a phone number already: the shapes below add nothing.
  if (keyed && labelled.length > 0) return labelled
  const out: Match[] = [
    ...labelled,
    ...(text.includes('+')
      ? matches(INTERNATIONAL, text, (m) => {
          const digits = digitsOf(m[0])
          return digits.length >= 8 && countryCodeOk(digits) ? phoneConfidence(m[0], 'medium') : null
        })
      : []),
    ...(NANP_HINT.test(text) ? matches(NANP, text, (m) => (m[1] !== undefined || /^\d{3}([-.])\d{3}\1\d{4}$/.test(m[0]) ? phoneConfidence(m[0], 'medium') : null)) : []),
    ...(NATIONAL_HINT.test(text) ? [...matches(FR, text, (m) => phoneConfidence(m[0], 'medium')), ...matches(UK, text, (m) => phoneConfidence(m[0], 'medium'))] : []),
  ]
  return out
}

const phone: Detector = { id: 'pii.phone', category: 'pii', priority: 30, maxLength: 30, minDigits: 7, find: phones }

export const PII_DETECTORS: readonly Detector[] = [card, iban, email, phone]
