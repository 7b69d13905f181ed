/**
 * @module National identifiers that carry a checksum or a strict shape rule. Pure.
 *
 * The set: US SSN (SSA range rules), UK NINO (HMRC prefix rules), ES DNI/NIE (mod-23 letter),
 * IT codice fiscale (check letter), FR NIR (mod-97 key), NL BSN (11-test) and DE Steuer-ID
 * (ISO 7064 MOD 11,10). A bare 9- or 11-digit number passes the BSN or Steuer-ID check by chance
 * (1 in 11, about 1 in 30), so those two need a label ("BSN:", a `tax_id` member) to count.
 */
import { bsnValid, codiceFiscaleValid, digitsOf, dniValid, nirValid, ssnValid, steuerIdValid } from '../checksums'
import type { Confidence, Detector, Match, ScanContext } from '../types'
import { before, keyIs, matches } from './define'

/** SSA's own examples and the Woolworth wallet card: published, never issued to a person. */
const EXAMPLE_SSNS = new Set(['078051120', '219099999', '123456789', '111111111', '457555462'])
const SSN = /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g
const SSN_LABELLED = /(?<![\w-])\d{3}[ -]?\d{2}[ -]?\d{4}(?![\w-])/g
const SSN_LABEL = /(?<![a-z])(?:ssn|social.?security(?:.?(?:number|no))?)["']?\s{0,3}[:=#]?\s{0,3}["']?$/i
const SSN_WORD = /ssn|social/i
const SSN_KEY = /(?:^|_)(?:ssn|social_security(?:_number|_no)?)$/

const ssnJudge = (candidate: string, base: Confidence): Confidence | null => {
  const d = digitsOf(candidate)
  return ssnValid(d) ? (EXAMPLE_SSNS.has(d) ? 'low' : base) : null
}

const usSsn: Detector = {
  id: 'pii.national_id.us_ssn',
  category: 'pii',
  priority: 50,
  maxLength: 11,
  minDigits: 9,
  find: (text, ctx) => {
    const keyed = keyIs(ctx, SSN_KEY)
    return [
      ...matches(SSN, text, (m) => ssnJudge(m[0], 'medium')),
      ...(keyed || SSN_WORD.test(text) ? matches(SSN_LABELLED, text, (m) => (keyed || SSN_LABEL.test(before(text, m.index, 32)) ? ssnJudge(m[0], 'high') : null)) : []),
    ]
  },
}

/** HMRC: no D F I Q U V first, no D F I O Q U V second, never BG GB KN NK NT TN ZZ; suffix A–D. */
const NINO = /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g
const ukNino: Detector = {
  id: 'pii.national_id.uk_nino',
  category: 'pii',
  priority: 50,
  maxLength: 13,
  minDigits: 6,
  minLength: 8,
  find: (text) => matches(NINO, text, (m) => (m[0].replace(/ /g, '') === 'AB123456C' ? 'low' : 'medium')),
}

const DNI = /(?<![A-Za-z0-9])(?:[XYZ]-?\d{7}|\d{8})-?[A-Z](?![A-Za-z0-9])/g
const esDni: Detector = {
  id: 'pii.national_id.es_dni',
  category: 'pii',
  priority: 50,
  maxLength: 11,
  minDigits: 7,
  find: (text) => matches(DNI, text, (m) => (dniValid(m[0].replace(/-/g, '')) ? 'high' : null)),
}

const CF = /(?<![A-Za-z0-9])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![A-Za-z0-9])/g
const itCf: Detector = {
  id: 'pii.national_id.it_cf',
  category: 'pii',
  priority: 50,
  maxLength: 16,
  minLength: 16,
  hint: /[A-Z]{6}/,
  find: (text) => matches(CF, text, (m) => (codiceFiscaleValid(m[0]) ? 'high' : null)),
}

const NIR = /(?<![\w])[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[AB]) ?\d{3} ?\d{3} ?\d{2}(?![\w])/g
const frNir: Detector = {
  id: 'pii.national_id.fr_nir',
  category: 'pii',
  priority: 50,
  maxLength: 21,
  minDigits: 13,
  find: (text) => matches(NIR, text, (m) => (nirValid(m[0].replace(/ /g, '')) ? 'high' : null)),
}

/** Labelled numbers: a label shortly before, or the JSON member name. */
function labelled(re: RegExp, label: RegExp, key: RegExp, valid: (digits: string) => boolean) {
  return (text: string, ctx: ScanContext): Match[] => {
    const keyed = keyIs(ctx, key)
    if (!keyed && !label.test(text)) return []
    return matches(re, text, (m) => ((keyed || label.test(before(text, m.index, 40))) && valid(digitsOf(m[0])) ? 'high' : null))
  }
}

const BSN = /(?<![\w.])(?:\d{9}|\d{4}\.\d{2}\.\d{3})(?![\w]|\.\d)/g
const nlBsn: Detector = {
  id: 'pii.national_id.nl_bsn',
  category: 'pii',
  priority: 50,
  maxLength: 11,
  minDigits: 9,
  find: labelled(BSN, /(?<![a-z])(?:bsn|burgerservicenummer|sofinummer)/i, /(?:^|_)(?:bsn|burgerservicenummer|sofinummer)$/, bsnValid),
}

const STEUER_ID = /(?<![\w])\d{2} ?\d{3} ?\d{3} ?\d{3}(?![\w])/g
const deTaxId: Detector = {
  id: 'pii.national_id.de_tax_id',
  category: 'pii',
  priority: 50,
  maxLength: 14,
  minDigits: 11,
  find: labelled(STEUER_ID, /(?<![a-z])(?:steuer-?id|steueridentifikationsnummer|idnr|identifikationsnummer|tax[_ -]?id|\btin)/i, /(?:^|_)(?:steuer_?id|steueridentifikationsnummer|idnr|tax_?id|tin)$/, steuerIdValid),
}

export const NATIONAL_ID_DETECTORS: readonly Detector[] = [usSsn, ukNino, esDni, itCf, frNir, nlBsn, deTaxId]
