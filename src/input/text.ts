/** @module Strict UTF-8 for request input: invalid bytes are refused instead of becoming U+FFFD. Pure. */
import { decodeBase64 } from '../lib/base64'

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** The text of `bytes`, or undefined when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return STRICT_UTF8.decode(bytes)
  } catch {
    return undefined
  }
}

/** Standard base64 (Basic credentials, SEP-2243 `=?base64?…?=` header values) → text; undefined on bad base64 or bad UTF-8. */
export function decodeBase64Utf8(b64: string): string | undefined {
  try {
    return decodeUtf8(decodeBase64(b64))
  } catch {
    return undefined
  }
}
