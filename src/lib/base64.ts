/**
 * @module The one base64 helper: base64url is jose's (RFC 4648 §5, unpadded, as JWS uses it);
 * standard base64 (RFC 4648 §4: Basic credentials, SEP-2243 header values, guard state) beside it.
 *
 * Decoders throw on input that is not in their alphabet. Screening's deliberately lenient decoder
 * (screening/decode.ts: it peels attacker-chosen layers) is a different job and stays there.
 */
import { base64url } from 'jose'

/** Unpadded base64url of bytes, or of a string's UTF-8. */
export function encodeBase64url(input: Uint8Array | string): string {
  return base64url.encode(input)
}

/** base64url (padding tolerated) → bytes; throws TypeError on anything else. */
export function decodeBase64url(input: string): Uint8Array {
  return base64url.decode(input)
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Whether an unpadded base64url string is the one canonical spelling of its bytes (RFC 4648 §3.5:
 * the pad bits of the last character are zero). Decoders ignore those bits, so without this check a
 * JWS has up to 16 spellings that verify alike, and anything keyed by the token text (a cache, a
 * deny-list) sees a "new" token.
 */
export function isCanonicalBase64url(input: string): boolean {
  const rest = input.length % 4
  if (rest === 0) return true
  if (rest === 1) return false
  const last = ALPHABET.indexOf(input[input.length - 1]!)
  return last >= 0 && (last & (rest === 2 ? 0b1111 : 0b11)) === 0
}

const CHUNK = 0x8000

/** Standard, padded base64 of bytes (chunked: no argument-count limit on large inputs). */
export function encodeBase64(bytes: Uint8Array): string {
  let bin = ''
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(bin)
}

/** Standard base64 → bytes; throws on characters outside the alphabet (atob's forgiving grammar otherwise). */
export function decodeBase64(text: string): Uint8Array {
  const bin = atob(text)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}
