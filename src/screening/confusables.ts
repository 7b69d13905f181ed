/** @module Homoglyph and leetspeak fold tables: look-alike characters attackers swap in to dodge keyword rules. */

/**
 * Cyrillic, Greek and a few Latin-extended letters that render like ASCII (Unicode TR39
 * confusables, the subset seen in homoglyph attacks such as "іgnоrе" with Cyrillic і/о/е).
 * Fullwidth forms need no entry: NFKC already maps them to ASCII.
 */
const HOMOGLYPHS: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y',
  х: 'x', ѕ: 's', і: 'i', ї: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ү: 'y', ɡ: 'g',
  // Greek
  α: 'a', β: 'b', ε: 'e', η: 'n', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  γ: 'y', ω: 'w', ζ: 'z', μ: 'u', ϲ: 'c', ϳ: 'j',
  // Latin extended / IPA look-alikes
  ı: 'i', ȷ: 'j', ɑ: 'a', ɩ: 'i', ʀ: 'r', ʏ: 'y', ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ɢ: 'g',
  ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm', ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ꞯ: 'q', ꜱ: 's', ᴛ: 't',
  ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ᴢ: 'z', ſ: 's', ł: 'l', ø: 'o', đ: 'd', ħ: 'h',
}

/** Matches any character in the table (built once; a single pass replaces them all). */
export const HOMOGLYPH_RE = new RegExp(`[${Object.keys(HOMOGLYPHS).join('')}]`, 'gu')

export function foldHomoglyph(ch: string): string {
  return HOMOGLYPHS[ch] ?? ch
}

/** Leetspeak digits and symbols, applied only inside tokens that also contain letters ("1gn0r3"). */
const LEET: Readonly<Record<string, string>> = {
  '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', $: 's',
}

/**
 * A run of letters, digits and "$". Written without a mandatory inner letter (`[a-z0-9]*[a-z]…`
 * would backtrack quadratically on long digit runs); tokens without letters are skipped below.
 */
export const LEET_TOKEN_RE = /[a-z0-9$]+/g
const HAS_LETTER_RE = /[a-z]/
const LEET_CHAR_RE = /[0-9$]/g
export const HAS_LEET_RE = /[0-9$]/

/** Word-then-number tokens ("base64", "gpt4", "top10") are names, not leetspeak. */
const NAME_NUMBER_RE = /^[a-z]+[0-9]+$/

export function foldLeetToken(token: string): string {
  if (!HAS_LEET_RE.test(token) || !HAS_LETTER_RE.test(token) || NAME_NUMBER_RE.test(token)) return token
  return token.replace(LEET_CHAR_RE, (c) => LEET[c] ?? c)
}
