/** Console sessions and CSRF tokens: signed, bound, expiring, keyed from the configured secret only. */
import { describe, expect, it } from 'vitest'
import { csrfToken, csrfValid, issueSession, sessionKey, verifySession } from '../../../src/console/session'

const T = 1_800_000_000_000
const SECRET = 'a-console-session-secret-of-32-chars!'

describe('sessions', () => {
  it('a fresh session verifies until it expires', async () => {
    const key = await sessionKey(SECRET)
    const { token, session } = await issueSession(key, 'admin-token', 60, T)
    expect(await verifySession(key, token, T + 59_999)).toEqual(session)
    expect(await verifySession(key, token, T + 60_000)).toBeNull()
  })

  it('subjects with dots and @ survive (Access identities)', async () => {
    const key = await sessionKey(SECRET)
    const { token } = await issueSession(key, 'access:jane.doe@example.com', 60, T)
    expect((await verifySession(key, token, T))?.subject).toBe('access:jane.doe@example.com')
  })

  it.each([
    ['another subject', (t: string) => t.replace('.admin-token.', '.admin-tokem.')],
    ['a later expiry', (t: string) => t.replace(/^v1\.\d/, (m) => `v1.${Number(m.slice(3)) + 1}`)],
    ['a flipped tag character', (t: string) => t.slice(0, -1) + (t.endsWith('A') ? 'B' : 'A')],
    ['no tag', (t: string) => t.slice(0, t.lastIndexOf('.'))],
    ['junk', () => 'not-a-session'],
    ['empty', () => ''],
    ['oversized', (t: string) => t + 'x'.repeat(600)],
  ])('%s is refused', async (_, tamper) => {
    const key = await sessionKey(SECRET)
    const { token } = await issueSession(key, 'admin-token', 60, T)
    expect(await verifySession(key, tamper(token), T)).toBeNull()
  })

  it('rotating the secret revokes every session', async () => {
    const { token } = await issueSession(await sessionKey(SECRET), 'admin-token', 60, T)
    expect(await verifySession(await sessionKey(`${SECRET}-rotated`), token, T)).toBeNull()
  })

  it('refuses subjects outside the safe alphabet', async () => {
    await expect(issueSession(await sessionKey(SECRET), 'a b', 60, T)).rejects.toThrow(TypeError)
  })
})

describe('CSRF tokens', () => {
  it('are bound to one session: valid for it, useless for another or another key', async () => {
    const key = await sessionKey(SECRET)
    const token = await csrfToken(key, 's.session-one')
    expect(await csrfValid(key, 's.session-one', token)).toBe(true)
    expect(await csrfValid(key, 's.session-two', token)).toBe(false)
    expect(await csrfValid(await sessionKey(`${SECRET}-x`), 's.session-one', token)).toBe(false)
  })

  it.each([undefined, '', 'x', 42, ['a'], 'A'.repeat(43)])('refuses %j', async (presented) => {
    expect(await csrfValid(await sessionKey(SECRET), 's.one', presented)).toBe(false)
  })
})
