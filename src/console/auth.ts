/**
 * @module Who is at the console: a session cookie from the token login, or a Cloudflare Access assertion.
 *
 * Cookie: `__Host-` prefixed, Secure, HttpOnly, SameSite=Strict, Path=/ on HTTPS (the prefix
 * forbids Domain, so no sibling subdomain can plant or overwrite it). Plain HTTP is allowed only
 * on loopback or with DEV_ALLOW_INSECURE, where a Secure cookie would not be stored, so the
 * cookie there is unprefixed and not Secure. The forward stage strips Cookie, so the session never
 * reaches the origin. State-changing requests need the session's CSRF token and a same-origin
 * Origin (or Sec-Fetch-Site) header.
 */
import type { Context, Next } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { adminAttempt } from '../admin/attempt'
import { deny } from '../errors/denial'
import type { Bindings, Variables } from '../pipeline/types'
import { verifyAccess } from './access'
import { csrfToken, csrfValid, issueSession, sessionKey, verifySession } from './session'

export type Operator = { readonly subject: string; readonly via: 'session' | 'access'; readonly csrf: string; readonly csrfBinding: string }
export type ConsoleEnv = { Bindings: Bindings; Variables: Variables & { operator: Operator; consoleKey: CryptoKey } }
type C = Context<ConsoleEnv>

const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

/** HTTPS, or plain HTTP on loopback / with DEV_ALLOW_INSECURE (the token login sends a secret). */
export function transportOk(c: C): { ok: boolean; secure: boolean } {
  const url = c.get('url')
  const secure = url.protocol === 'https:'
  return { ok: secure || LOOPBACK.test(url.hostname) || c.get('config').devAllowInsecure, secure }
}

/** Hono adds the `__Host-` prefix itself (and checks its rules) when asked to. */
const COOKIE = 'tollgate_console'

export async function consoleKey(c: C): Promise<CryptoKey> {
  const secret = c.get('config').console.sessionSecret
  if (secret === undefined) throw deny('ROUTE_NOT_FOUND', 'console_disabled')
  return sessionKey(secret)
}

export async function startSession(c: C, subject: string): Promise<void> {
  const { secure } = transportOk(c)
  const ttl = c.get('config').console.sessionTtlSeconds
  const { token } = await issueSession(await consoleKey(c), subject, ttl, Date.now())
  setCookie(c, COOKIE, token, { path: '/', httpOnly: true, secure, sameSite: 'Strict', maxAge: ttl, ...(secure ? { prefix: 'host' as const } : {}) })
}

export function endSession(c: C): void {
  const { secure } = transportOk(c)
  deleteCookie(c, COOKIE, { path: '/', secure, ...(secure ? { prefix: 'host' as const } : {}) })
}

/** The operator of this request, or null. An Access assertion that fails verification counts as a failed login. */
async function operatorOf(c: C, key: CryptoKey): Promise<Operator | null> {
  const { secure } = transportOk(c)
  const session = await verifySession(key, secure ? getCookie(c, COOKIE, 'host') : getCookie(c, COOKIE), Date.now())
  if (session) return { subject: session.subject, via: 'session', csrfBinding: `s.${session.sid}`, csrf: await csrfToken(key, `s.${session.sid}`) }
  const access = c.get('config').console.access
  const assertion = c.req.header('cf-access-jwt-assertion')
  if (!access || assertion === undefined) return null
  let subject: string | undefined
  const result = await adminAttempt(c as never, async () => {
    subject = (await verifyAccess(assertion, access))?.subject
    return subject !== undefined
  })
  if (!result.ok && result.throttled !== undefined) throw deny('ADMIN_AUTH_THROTTLED', 'console_access_throttled', { retryAfterSeconds: result.throttled })
  if (!result.ok || subject === undefined) throw deny('ADMIN_UNAUTHORIZED', 'console_access_assertion_invalid')
  return { subject, via: 'access', csrfBinding: `a.${subject}`, csrf: await csrfToken(key, `a.${subject}`) }
}

/** Console pages need an operator; without one, GETs go to the sign-in page and anything else is refused. */
export function requireOperator(loginPath: string) {
  return async function requireOperator(c: C, next: Next) {
    if (!c.get('config').console.enabled) throw deny('ROUTE_NOT_FOUND', 'console_disabled')
    if (!transportOk(c).ok) throw deny('TLS_REQUIRED', 'console_over_http')
    const key = await consoleKey(c)
    const operator = await operatorOf(c, key)
    if (!operator) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect(loginPath, 303)
      throw deny('ADMIN_UNAUTHORIZED', 'console_no_session')
    }
    c.set('operator', operator)
    c.set('consoleKey', key)
    await next()
  }
}

/** Origin (or Sec-Fetch-Site) must be this origin: the browser sets both, a cross-site form cannot fake them. */
export function sameOrigin(c: C): boolean {
  const origin = c.req.header('origin')
  if (origin !== undefined && origin !== 'null') {
    try {
      const o = new URL(origin)
      return o.host === (c.req.header('host') ?? c.get('url').host) && o.protocol === c.get('url').protocol
    } catch {
      return false
    }
  }
  return c.req.header('sec-fetch-site') === 'same-origin'
}

/** For every state-changing console request: same origin, and the operator's CSRF token in the form. */
export async function checkCsrf(c: C, form: Record<string, unknown>): Promise<void> {
  if (!sameOrigin(c)) throw deny('CSRF_REJECTED', 'console_cross_origin')
  if (!(await csrfValid(c.get('consoleKey'), c.get('operator').csrfBinding, form['_csrf']))) throw deny('CSRF_REJECTED', 'console_csrf_token')
}
