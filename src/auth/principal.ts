/** @module Verified JWT claims → Principal: the agent identity every later stage relies on. Pure. */
import type { JWTPayload } from 'jose'
import { LABEL, SCOPE_TOKEN } from './grammar'

export type AgentMeta = {
  readonly type?: string
  readonly version?: string
  readonly owner?: string
  /** Lowers the tier's rpm for this agent; never raises it. */
  readonly maxRpm?: number
}

export type Principal = {
  /** `sub`: the agent instance, and the name of its Durable Object. */
  readonly agentId: string
  readonly scopes: readonly string[]
  readonly tier: string
  readonly jti: string
  readonly iat: number
  readonly exp: number
  readonly meta: AgentMeta
}

export type ClaimsPolicy = {
  readonly tiers: Readonly<Record<string, unknown>>
  readonly defaultTier: string
  /** Off only for the data-driven JWT list's "relaxed" baseline run. */
  readonly requireJti: boolean
}

type Claims = { ok: true; principal: Principal } | { ok: false; reason: string }

/** Agent ids name Durable Objects and appear in logs: bounded charset, no separators that could confuse either. */
export const AGENT_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/
const JTI = /^[\x21-\x7e]{1,256}$/

function label(v: unknown): string | undefined | null {
  if (v === undefined) return undefined
  return typeof v === 'string' && LABEL.test(v) ? v : null
}

/** RFC 8693 §4.2 `scope` (space-delimited) or a `scopes` array; both present is ambiguous and refused. */
function parseScopes(payload: JWTPayload): string[] | null {
  const { scope, scopes } = payload as { scope?: unknown; scopes?: unknown }
  if (scope !== undefined && scopes !== undefined) return null
  const list = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : scope === undefined ? scopes ?? [] : null
  if (!Array.isArray(list) || list.length > 64) return null
  return list.every((s) => typeof s === 'string' && SCOPE_TOKEN.test(s)) ? [...new Set(list as string[])] : null
}

export function toPrincipal(payload: JWTPayload, policy: ClaimsPolicy): Claims {
  const { sub, jti, iat, exp } = payload
  if (typeof sub !== 'string' || !AGENT_ID.test(sub)) return { ok: false, reason: 'sub_invalid' }
  if (policy.requireJti && (typeof jti !== 'string' || !JTI.test(jti))) return { ok: false, reason: 'jti_invalid' }
  if (typeof iat !== 'number' || typeof exp !== 'number') return { ok: false, reason: 'iat_exp_invalid' }
  const scopes = parseScopes(payload)
  if (!scopes) return { ok: false, reason: 'scope_invalid' }
  const tierClaim = (payload as { tier?: unknown }).tier
  if (tierClaim !== undefined && (typeof tierClaim !== 'string' || !Object.hasOwn(policy.tiers, tierClaim))) {
    return { ok: false, reason: 'tier_unknown' }
  }
  const p = payload as Record<string, unknown>
  const meta = { type: label(p['agent_type']), version: label(p['agent_version']), owner: label(p['agent_owner']) }
  if (meta.type === null || meta.version === null || meta.owner === null) return { ok: false, reason: 'agent_meta_invalid' }
  const maxRpm = p['max_rpm']
  if (maxRpm !== undefined && (typeof maxRpm !== 'number' || !Number.isInteger(maxRpm) || maxRpm < 1)) {
    return { ok: false, reason: 'max_rpm_invalid' }
  }
  return {
    ok: true,
    principal: {
      agentId: sub,
      scopes,
      tier: (tierClaim as string | undefined) ?? policy.defaultTier,
      jti: typeof jti === 'string' ? jti : '',
      iat,
      exp,
      meta: {
        ...(meta.type ? { type: meta.type } : {}),
        ...(meta.version ? { version: meta.version } : {}),
        ...(meta.owner ? { owner: meta.owner } : {}),
        ...(typeof maxRpm === 'number' ? { maxRpm } : {}),
      },
    },
  }
}
