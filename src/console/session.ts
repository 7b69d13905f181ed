/**
 * @module Console sessions and CSRF tokens: HMAC-signed, stateless, keyed from a configured secret.
 *
 * The key is HKDF-derived (RFC 5869) from CONSOLE_SESSION_SECRET, or from the configured ADMIN_TOKEN
 * when that is unset: never from what a client sent. Rotating either secret revokes every session
 * at once. A CSRF token is an HMAC of the session id, so it is bound to the session it was issued
 * for (OWASP "signed double-submit"), and is checked with the Origin (csrf.ts).
 */
import { base64url } from 'jose'
import { constantTimeEqual } from '../lib/constant-time'

const enc = new TextEncoder()
const keys = new Map<string, Promise<CryptoKey>>()

/** The HMAC key for `secret` (memoised per isolate; the secret itself is never stored elsewhere). */
export function sessionKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret)
  if (!key) {
    key = crypto.subtle
      .importKey('raw', enc.encode(secret), 'HKDF', false, ['deriveKey'])
      .then((ikm) =>
        crypto.subtle.deriveKey(
          { name: 'HKDF', hash: 'SHA-256', salt: enc.encode('tollgate-console-v1'), info: enc.encode('session and csrf') },
          ikm,
          { name: 'HMAC', hash: 'SHA-256', length: 256 },
          false,
          ['sign'],
        ),
      )
    if (keys.size > 8) keys.clear()
    keys.set(secret, key)
  }
  return key
}

async function mac(key: CryptoKey, text: string): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(text))))
}

export type Session = { readonly sid: string; readonly subject: string; readonly expiresAt: number }

const SUBJECT = /^[A-Za-z0-9._@:+-]{1,128}$/

/** `v1.<expires ms>.<sid>.<subject>.<mac>`; the subject is the operator ("admin-token", or an Access identity). */
export async function issueSession(key: CryptoKey, subject: string, ttlSeconds: number, now: number): Promise<{ token: string; session: Session }> {
  if (!SUBJECT.test(subject)) throw new TypeError('session subject')
  const sid = base64url.encode(crypto.getRandomValues(new Uint8Array(18)))
  const expiresAt = now + ttlSeconds * 1000
  const body = `v1.${expiresAt}.${sid}.${subject}`
  return { token: `${body}.${await mac(key, body)}`, session: { sid, subject, expiresAt } }
}

/** The session a cookie carries, or null when it is malformed, forged or expired. */
export async function verifySession(key: CryptoKey, token: string | undefined, now: number): Promise<Session | null> {
  if (!token || token.length > 512) return null
  const m = /^v1\.(\d{13,15})\.([A-Za-z0-9_-]{24})\.([A-Za-z0-9._@:+-]{1,128})\.([A-Za-z0-9_-]{43})$/.exec(token)
  if (!m) return null
  const [, exp = '', sid = '', subject = '', tag = ''] = m
  // The subject may contain dots, so the regex split is checked against the signed body as a whole.
  const body = `v1.${exp}.${sid}.${subject}`
  if (!constantTimeEqual(enc.encode(await mac(key, body)), enc.encode(tag))) return null
  const expiresAt = Number(exp)
  if (!(expiresAt > now)) return null
  return { sid, subject, expiresAt }
}

/** The CSRF token for a session (or an Access identity): bound to it, useless with any other. */
export function csrfToken(key: CryptoKey, binding: string): Promise<string> {
  return mac(key, `csrf.${binding}`)
}

export async function csrfValid(key: CryptoKey, binding: string, presented: unknown): Promise<boolean> {
  if (typeof presented !== 'string' || presented.length !== 43) return false
  return constantTimeEqual(enc.encode(await csrfToken(key, binding)), enc.encode(presented))
}
