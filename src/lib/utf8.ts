/** @module One strict UTF-8 decoder for request input: invalid bytes throw instead of becoming U+FFFD. */
export const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** Standard base64 (as in Basic credentials and RFC 2047-style header values) to text; throws on bad base64 or bad UTF-8. */
export function decodeBase64Utf8(b64: string): string {
  return STRICT_UTF8.decode(base64Bytes(b64))
}

/** Standard base64 (`atob`'s forgiving grammar) to bytes; throws on anything else. */
export function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return bytes
}

/** Bytes `s` takes in UTF-8, without encoding it (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x80) n += 1
    else if (c < 0x800) n += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4
      i++
    } else n += 3
  }
  return n
}
