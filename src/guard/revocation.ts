/**
 * @module Token revocation rules: revoked jtis (pruned once their token expires) and a
 * revoked-before watermark. Pure; the Durable Object mirrors the jti set into its own table.
 */

/**
 * A revoked jti is kept this long after its token's `exp`, so a verifier that tolerates some clock
 * skew can never see a revoked token come back to life.
 */
export const JTI_RETENTION_LEEWAY_MS = 5 * 60_000

/**
 * Bound on stored jtis. Past it, the guard escalates to revoking every token issued so far, which
 * covers all of them: fail-safe, and the state stays bounded whatever the admin does.
 */
export const MAX_REVOKED_JTIS = 1000

export type RevokeCommand = { readonly jti: string; readonly exp: number } | { readonly before: number }

/** What the Durable Object must persist for a revoke command. */
export type RevokePlan =
  /** Nothing: the token has expired already (and the leeway passed), so it cannot be used. */
  | { readonly kind: 'none' }
  | { readonly kind: 'jti'; readonly jti: string; readonly exp: number }
  /** Raise the watermark to `before` (epoch s); `clearJtis` when the watermark now covers them. */
  | { readonly kind: 'before'; readonly before: number; readonly clearJtis: boolean }

export function planRevoke(
  command: RevokeCommand,
  jtis: ReadonlyMap<string, number>,
  currentBefore: number | null,
  now: number,
): RevokePlan {
  if ('before' in command) {
    return { kind: 'before', before: raise(currentBefore, command.before), clearJtis: false }
  }
  const known = jtis.get(command.jti)
  const exp = known === undefined ? command.exp : Math.max(known, command.exp)
  if (isJtiExpired(exp, now)) return { kind: 'none' }
  if (known !== undefined || jtis.size < MAX_REVOKED_JTIS) return { kind: 'jti', jti: command.jti, exp }
  // Every token that exists was issued at or before this second: iat < floor(now / 1000) + 1.
  return { kind: 'before', before: raise(currentBefore, Math.floor(now / 1000) + 1), clearJtis: true }
}

const raise = (current: number | null, next: number): number => (current === null ? next : Math.max(current, next))

/** Whether a token is revoked, given whether its jti is in the revoked set. */
export function isTokenRevoked(jtiRevoked: boolean, revokedBefore: number | null, iat: number): boolean {
  return jtiRevoked || (revokedBefore !== null && iat < revokedBefore)
}

/** When (epoch ms) a revoked jti whose token expires at `exp` (epoch s) may be forgotten. */
export const jtiForgetAt = (exp: number): number => exp * 1000 + JTI_RETENTION_LEEWAY_MS

export const isJtiExpired = (exp: number, now: number): boolean => jtiForgetAt(exp) <= now

/** Jtis that may be forgotten at `now`, and the earliest time (ms) the next one may be. */
export function pruneJtis(
  jtis: ReadonlyMap<string, number>,
  now: number,
): { readonly expired: string[]; readonly nextPruneAt: number } {
  const expired: string[] = []
  let nextPruneAt = Number.POSITIVE_INFINITY
  for (const [jti, exp] of jtis) {
    if (isJtiExpired(exp, now)) expired.push(jti)
    else nextPruneAt = Math.min(nextPruneAt, jtiForgetAt(exp))
  }
  return { expired, nextPruneAt }
}
