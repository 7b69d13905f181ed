/** @module Constant-time secret comparison: HMAC both sides with a per-call key, then compare digests. */
import { constantTimeEqual } from '../lib/constant-time'

export async function timingSafeEqualStrings(a: string, b: string): Promise<boolean> {
  const enc = new TextEncoder()
  const key = await crypto.subtle.importKey('raw', crypto.getRandomValues(new Uint8Array(32)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  const [x, y] = await Promise.all([crypto.subtle.sign('HMAC', key, enc.encode(a)), crypto.subtle.sign('HMAC', key, enc.encode(b))])
  // Equal-length digests, so the length of the secret leaks nothing.
  return constantTimeEqual(new Uint8Array(x), new Uint8Array(y))
}
