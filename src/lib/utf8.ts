/** @module One strict UTF-8 decoder for request input: invalid bytes throw instead of becoming U+FFFD. */
export const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })

/** Standard base64 (as in Basic credentials and RFC 2047-style header values) to text; throws on bad base64 or bad UTF-8. */
export function decodeBase64Utf8(b64: string): string {
  const bin = atob(b64)
  const bytes = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i)
  return STRICT_UTF8.decode(bytes)
}
