/**
 * @module Whether the guard lets an authenticated client have a token, and which scopes. Pure.
 *
 * Refusals use `unauthorized_client` (RFC 6749 §5.2: "the authenticated client is not authorized
 * to use this authorization grant type"): the credentials were right, the client may not use them
 * now. `invalid_grant` would tell a client its credentials are bad, which they are not.
 */
import type { GuardStatus } from '../guard/admin'
import { oauthError, type OAuthFailure } from './oauth-error'

/**
 * Blocked agents get nothing. After a revoke-all (revokedBefore, epoch s) they wait out the
 * cool-down. Tokens are minted with iat = now, and the guard revokes `iat < revokedBefore`, so
 * `now >= revokedBefore` (true whenever the cool-down has passed, even when it is 0) guarantees
 * the new token is not caught by the revoke it follows, even within the same second.
 */
export function admitAgent(status: GuardStatus, nowMs: number, cooldownSeconds: number): OAuthFailure | undefined {
  if (status.blocked) {
    return oauthError('unauthorized_client', 'this agent is blocked', 'agent_blocked', {
      ...(status.blockedUntil !== null ? { retryAfterSeconds: Math.ceil((status.blockedUntil - nowMs) / 1000) } : {}),
    })
  }
  const nowS = Math.floor(nowMs / 1000)
  if (status.revokedBefore !== null && nowS < status.revokedBefore + cooldownSeconds) {
    return oauthError('unauthorized_client', "this agent's tokens were revoked; retry after the cool-down", 'revocation_cooldown', {
      retryAfterSeconds: status.revokedBefore + cooldownSeconds - nowS,
    })
  }
  return undefined
}

/** RFC 6749 §3.3: the requested subset, or everything allowed when nothing was requested. */
export function grantScopes(requested: readonly string[] | undefined, allowed: readonly string[]): readonly string[] | OAuthFailure {
  if (requested === undefined) return allowed
  const outside = requested.filter((s) => !allowed.includes(s))
  if (outside.length > 0) return oauthError('invalid_scope', 'a requested scope is not allowed for this client', `scope_not_allowed:${outside.join(',').slice(0, 200)}`)
  return requested
}

/** RFC 8707 §2: every resource indicator must name the protected resource this issuer serves. */
export function checkResources(resources: readonly string[], audience: string): OAuthFailure | undefined {
  return resources.every((r) => r === audience) ? undefined : oauthError('invalid_target', 'tokens are issued only for this resource', 'resource_mismatch')
}
