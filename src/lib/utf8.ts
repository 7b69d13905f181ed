/** @module One strict UTF-8 decoder for request bodies: invalid bytes throw instead of becoming U+FFFD. */
export const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
