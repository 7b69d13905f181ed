/**
 * @module The optional token issuer's configuration (zod): signing keys, OAuth clients, lifetimes.
 *
 * Pure, like schema.ts, which spreads ISSUER_ENV_FIELDS into the env schema and calls
 * buildIssuerConfig() in its transform. Messages never echo values: ISSUER_SIGNING_KEYS holds
 * private keys and OAUTH_CLIENTS holds secret hashes.
 */
import * as z from 'zod'
import { bool, json, num } from './coerce'
import { AGENT_ID } from '../auth/principal'
import { ScopeSchema } from './routes'
import { TierNameSchema, type Tier } from './tiers'
import { KID, LABEL } from '../auth/grammar'

/** workerd refuses PBKDF2 above 100,000 iterations (checked in test/workers/issuer). */
export const PBKDF2_MAX_ITERATIONS = 100_000
/** Below this the hash is fast enough to be pointless; npm run client writes the maximum. */
export const PBKDF2_MIN_ITERATIONS = 10_000


/** The character set the verifier accepts for `kid` (src/auth/grammar.ts). */
const KidSchema = z.string().regex(KID, 'a kid of 1-128 characters A-Z a-z 0-9 . _ -')
/** base64url of exactly 32 bytes (Ed25519 x/d, P-256 x/y/d): 43 characters, no padding. */
const B64_32 = z.string().regex(/^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/, 'base64url of 32 bytes')

const Ed25519Jwk = z
  .object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: B64_32, d: B64_32, kid: KidSchema, alg: z.literal('EdDSA').optional(), use: z.literal('sig').optional() })
  .strict()
const P256Jwk = z
  .object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: B64_32, y: B64_32, d: B64_32, kid: KidSchema, alg: z.literal('ES256').optional(), use: z.literal('sig').optional() })
  .strict()
const SigningJwkSchema = z.discriminatedUnion('kty', [Ed25519Jwk, P256Jwk], {
  error: 'a private signing JWK: OKP/Ed25519 (EdDSA) or EC/P-256 (ES256) with kid, x, d (and y for EC)',
})

/**
 * A private JWKS. Every key is published and verifies; the one named by `active` signs, or the
 * first key when `active` is absent. Rotation: add the new key (not active), wait for verifiers'
 * JWKS caches, make it active, and retire the old one after the longest token lifetime.
 */
const SigningKeySetSchema = z
  .object({ keys: z.array(SigningJwkSchema).min(1, 'at least one key').max(10, 'at most 10 keys'), active: KidSchema.optional() })
  .strict()

/** `pbkdf2-sha256$<iterations>$<salt, base64url>$<hash, base64url of 32 bytes>` (written by npm run client). */
export const SECRET_HASH = /^pbkdf2-sha256\$([1-9][0-9]{0,6})\$([A-Za-z0-9_-]{22,86})\$([A-Za-z0-9_-]{43})$/
const SecretHashSchema = z
  .string()
  .regex(SECRET_HASH, 'pbkdf2-sha256$<iterations>$<salt>$<hash> (base64url, salt ≥ 16 bytes, hash 32 bytes): run `npm run client -- add`')
  .refine((h) => {
    const it = Number(SECRET_HASH.exec(h)?.[1])
    return it >= PBKDF2_MIN_ITERATIONS && it <= PBKDF2_MAX_ITERATIONS
  }, `iterations between ${PBKDF2_MIN_ITERATIONS} and ${PBKDF2_MAX_ITERATIONS} (workerd's PBKDF2 maximum)`)

const Label = z.string().regex(LABEL, 'printable ASCII, 1-128 characters')

const ClientSchema = z
  .object({
    client_id: z.string().regex(AGENT_ID, 'a client id: letters, digits and . _ : @ - (≤ 128, starting with a letter or digit)'),
    /** Two hashes let a client's secret be rotated without downtime. */
    secret_hash: z.union([SecretHashSchema, z.array(SecretHashSchema).min(1).max(2)]),
    scopes: z.array(ScopeSchema).min(1, 'at least one scope').max(64),
    tier: TierNameSchema.optional(),
    /** The token `sub` and the guard's Durable Object name; defaults to client_id. */
    agent_id: z.string().regex(AGENT_ID, 'an agent id (same characters as client_id)').optional(),
    agent_type: Label.optional(),
    agent_version: Label.optional(),
    owner: Label.optional(),
    max_rpm: z.number().int().min(1).optional(),
  })
  .strict()

export const ISSUER_ENV_FIELDS = {
  ISSUER_ENABLED: bool.default(false),
  ISSUER_SIGNING_KEYS: json(SigningKeySetSchema).optional(),
  OAUTH_CLIENTS: json(z.array(ClientSchema).max(10_000)).default([]),
  ISSUER_TOKEN_TTL_SECONDS: num(z.number().int().min(60, 'at least 60').max(900, 'at most 900 (tokens live ≤ 15 minutes)')).default(300),
  ISSUER_REVOCATION_COOLDOWN_SECONDS: num(z.number().int().min(0).max(86_400)).default(300),
  ISSUER_MAX_FAILED_AUTH: num(z.number().int().min(1).max(1_000)).default(10),
  ISSUER_FAILED_AUTH_WINDOW_SECONDS: num(z.number().int().min(1).max(86_400)).default(900),
}

const IssuerEnvSchema = z.object(ISSUER_ENV_FIELDS)
type IssuerEnv = z.output<typeof IssuerEnvSchema>
type SigningJwk = z.output<typeof SigningJwkSchema>

export type SigningAlgorithm = 'EdDSA' | 'ES256'
/** A private signing key as configured, with its algorithm resolved. Never leaves the worker. */
export type SigningKey = { readonly kid: string; readonly alg: SigningAlgorithm; readonly jwk: Readonly<Record<string, string>> }
export type PublicJwk = Readonly<Record<string, string>>

export type OAuthClient = {
  readonly clientId: string
  readonly secretHashes: readonly string[]
  readonly scopes: readonly string[]
  readonly tier: string
  readonly agentId: string
  readonly agentType?: string
  readonly agentVersion?: string
  readonly owner?: string
  readonly maxRpm?: number
}

export type IssuerConfig =
  | { readonly enabled: false }
  | {
      readonly enabled: true
      readonly keys: readonly SigningKey[]
      readonly activeKid: string
      /** What /.well-known/jwks.json serves: every configured key, public parts only. */
      readonly publicJwks: { readonly keys: readonly PublicJwk[] }
      readonly clients: ReadonlyMap<string, OAuthClient>
      readonly scopes: readonly string[]
      readonly ttlSeconds: number
      readonly revocationCooldownSeconds: number
      readonly lockout: { readonly maxFailures: number; readonly windowSeconds: number }
    }

/** What buildIssuerConfig needs from the rest of the configuration to cross-check it. */
export type IssuerContext = {
  readonly tiers: Readonly<Record<string, Tier>>
  readonly defaultTier: string
  readonly algorithms: readonly string[]
  readonly maxTokenTtlSeconds: number
  readonly keySource: { readonly kind: string; readonly jwks?: { keys: ReadonlyArray<Record<string, unknown>> } }
}

/** The public half of a signing key: `d` never leaves (RFC 7517 §4, RFC 8037 §2). */
export function publicJwk(jwk: SigningJwk): PublicJwk {
  const alg = algOf(jwk)
  return jwk.kty === 'OKP'
    ? { kty: 'OKP', crv: jwk.crv, x: jwk.x, kid: jwk.kid, alg, use: 'sig' }
    : { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y, kid: jwk.kid, alg, use: 'sig' }
}

const algOf = (jwk: SigningJwk): SigningAlgorithm => (jwk.kty === 'OKP' ? 'EdDSA' : 'ES256')

export function buildIssuerConfig(e: IssuerEnv, x: IssuerContext, ctx: z.RefinementCtx): IssuerConfig {
  if (!e.ISSUER_ENABLED) return { enabled: false }
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  const set = e.ISSUER_SIGNING_KEYS
  if (!set) issue(['ISSUER_SIGNING_KEYS'], 'required when ISSUER_ENABLED: a private JWKS (run `npm run client -- rotate`)')
  if (e.OAUTH_CLIENTS.length === 0) issue(['OAUTH_CLIENTS'], 'at least one client when ISSUER_ENABLED (run `npm run client -- add <id>`)')
  if (e.ISSUER_TOKEN_TTL_SECONDS > x.maxTokenTtlSeconds) {
    issue(['ISSUER_TOKEN_TTL_SECONDS'], `at most MAX_TOKEN_TTL_SECONDS (${x.maxTokenTtlSeconds}), or the verifier rejects the tokens`)
  }

  const keys: SigningKey[] = []
  if (set) {
    const kids = new Set<string>()
    set.keys.forEach((jwk, i) => {
      if (kids.has(jwk.kid)) issue(['ISSUER_SIGNING_KEYS', 'keys', i, 'kid'], 'duplicate kid')
      kids.add(jwk.kid)
      const alg = algOf(jwk)
      if (!x.algorithms.includes(alg)) issue(['JWT_ALGORITHMS'], `must include ${alg}, the algorithm of issuer key ${jwk.kid}`)
      keys.push({ kid: jwk.kid, alg, jwk: { ...jwk, alg } })
    })
    if (set.active !== undefined && !kids.has(set.active)) issue(['ISSUER_SIGNING_KEYS', 'active'], 'must name the kid of one of the keys')
    // "The verifier accepts them with no special case": with an inline JWKS we can prove it here.
    // With JWKS_URL we cannot (the worker cannot fetch itself); docs/issuer.md says what to point it at.
    if (x.keySource.kind === 'jwks-inline') {
      const published = x.keySource.jwks?.keys ?? []
      for (const jwk of set.keys) {
        const pub = publicJwk(jwk)
        const match = published.find((k) => k['kid'] === jwk.kid)
        if (!match || match['x'] !== pub['x'] || (pub['y'] !== undefined && match['y'] !== pub['y'])) {
          issue(['JWT_JWKS'], `must contain the public key of issuer key ${jwk.kid} (npm run client -- rotate prints it), or its tokens fail verification`)
        }
      }
    }
  }

  const clients = new Map<string, OAuthClient>()
  const agents = new Set<string>()
  e.OAUTH_CLIENTS.forEach((c, i) => {
    if (clients.has(c.client_id)) issue(['OAUTH_CLIENTS', i, 'client_id'], 'duplicate client_id')
    const agentId = c.agent_id ?? c.client_id
    if (agents.has(agentId)) issue(['OAUTH_CLIENTS', i, 'agent_id'], 'another client already issues tokens for this agent id')
    agents.add(agentId)
    const tier = c.tier ?? x.defaultTier
    if (!Object.hasOwn(x.tiers, tier)) issue(['OAUTH_CLIENTS', i, 'tier'], `a configured tier (${Object.keys(x.tiers).join(', ')})`)
    clients.set(c.client_id, {
      clientId: c.client_id,
      secretHashes: typeof c.secret_hash === 'string' ? [c.secret_hash] : c.secret_hash,
      scopes: [...new Set(c.scopes)],
      tier,
      agentId,
      ...(c.agent_type !== undefined ? { agentType: c.agent_type } : {}),
      ...(c.agent_version !== undefined ? { agentVersion: c.agent_version } : {}),
      ...(c.owner !== undefined ? { owner: c.owner } : {}),
      ...(c.max_rpm !== undefined ? { maxRpm: c.max_rpm } : {}),
    })
  })

  return {
    enabled: true,
    keys,
    activeKid: set?.active ?? keys[0]?.kid ?? '',
    publicJwks: { keys: (set?.keys ?? []).map(publicJwk) },
    clients,
    scopes: [...new Set([...clients.values()].flatMap((c) => c.scopes))].sort(),
    ttlSeconds: e.ISSUER_TOKEN_TTL_SECONDS,
    revocationCooldownSeconds: e.ISSUER_REVOCATION_COOLDOWN_SECONDS,
    lockout: { maxFailures: e.ISSUER_MAX_FAILED_AUTH, windowSeconds: e.ISSUER_FAILED_AUTH_WINDOW_SECONDS },
  }
}
