/**
 * @module Environment bindings → typed Config (zod). Pure: no Workers imports, unit-tested in Node.
 *
 * The only place binding names appear. Every bad field fails with a message naming the variable and
 * what is expected; zod never echoes input values, so secrets stay out of the error.
 */
import * as z from 'zod'
import { bool, json, list, num } from './coerce'
import { compileMcp, McpEnvShape } from './mcp'
import { compileRoutes, RouteSchema, ScopeSchema } from './routes'
import { mergeTiers, TierNameSchema, TierOverrideSchema } from './tiers'
import { buildIssuerConfig, ISSUER_ENV_FIELDS } from './issuer'
import { buildRiskConfig, RISK_ENV_FIELDS } from './risk'
import { buildDlpConfig, DLP_ENV_FIELDS } from './dlp'
import { BINDING_ENV_FIELDS, buildClients } from './bindings'
import { buildSecondOpinion, checkRuleModes, SCREENING_ENV_FIELDS } from './screening'
import { buildConsoleConfig, CONSOLE_ENV_FIELDS } from './console'



const url = (what: string) => z.url({ protocol: /^https?$/, error: `an http(s) URL (${what})` })

export const ASYMMETRIC_ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'PS256'] as const
const AlgorithmSchema = z.enum([...ASYMMETRIC_ALGORITHMS, 'HS256'])

const JwkSchema = z.object({ kty: z.string() }).loose()
const JwksSchema = z.object({ keys: z.array(JwkSchema).min(1, 'at least one key') })

const EnvSchema = z.object({
  ORIGIN_URL: url('the origin, used when no ORIGIN service binding is set').optional(),
  ORIGIN: z.custom<Fetcher>((v) => typeof v === 'object' && v !== null && 'fetch' in v).optional(),
  ORIGIN_TIMEOUT_MS: num(z.number().int().min(100).max(300_000)).default(30_000),

  JWT_ISSUER: z.string({ error: 'the expected token issuer (iss)' }).min(1),
  JWT_AUDIENCE: z.string({ error: 'the canonical resource URL tokens must name in aud (RFC 8707)' }).min(1),
  JWT_ALGORITHMS: list(AlgorithmSchema).pipe(z.array(AlgorithmSchema).min(1)).default(['EdDSA', 'ES256']),
  JWKS_URL: z.url({ protocol: /^https?$/, error: 'an http(s) URL of a JWKS' }).optional(),
  JWT_JWKS: json(JwksSchema).optional(),
  JWT_HS256_SECRET: z.string().min(32, 'at least 32 characters (RFC 7518 §3.2: key ≥ hash size)').optional(),
  JWKS_CACHE_SECONDS: num(z.number().int().min(0).max(86_400)).default(600),
  JWKS_COOLDOWN_SECONDS: num(z.number().int().min(0).max(3_600)).default(30),
  MAX_TOKEN_TTL_SECONDS: num(z.number().int().min(1).max(900, 'at most 900 (tokens live ≤ 15 minutes)')).default(900),
  CLOCK_TOLERANCE_SECONDS: num(z.number().int().min(0).max(60, 'at most 60 seconds')).default(30),

  DEFAULT_TIER: TierNameSchema.default('free'),
  TIERS: json(z.record(TierNameSchema, TierOverrideSchema)).default({}),
  ROUTES: json(z.array(RouteSchema)).default([]),
  UNMATCHED_ROUTES: z.enum(['deny', 'allow']).default('deny'),
  MAX_PATH_LENGTH: num(z.number().int().min(16).max(8_192)).default(2_048),

  GUARD_TIMEOUT_MS: num(z.number().int().min(50).max(30_000)).default(2_000),
  ADMIN_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
  ADMIN_PREFIX: z.string().regex(/^\/[A-Za-z0-9/_-]+[A-Za-z0-9_-]$/, 'a path prefix like /_tollgate/admin').default('/_tollgate/admin'),
  AUTHORIZATION_SERVERS: list(z.url()).optional(),
  RESOURCE_NAME: z.string().max(200).default('Tollgate-protected API'),

  MAX_BODY_BYTES: num(z.number().int().min(1).max(100 * 1024 * 1024)).default(1024 * 1024),
  BODY_READ_TIMEOUT_MS: num(z.number().int().min(100).max(300_000)).default(10_000),
  MAX_JSON_DEPTH: num(z.number().int().min(1).max(512)).default(32),
  MAX_JSON_KEYS: num(z.number().int().min(1).max(1_000_000)).default(2_000),
  MAX_STRING_LENGTH: num(z.number().int().min(1).max(10 * 1024 * 1024)).default(64 * 1024),
  SCREEN_HEADERS: list(z.string().regex(/^[A-Za-z0-9-]+$/)).default([]),
  SCREENING_BLOCK_THRESHOLD: num(z.number().min(0).max(1)).default(0.7),
  SCREENING_FLAG_THRESHOLD: num(z.number().min(0).max(1)).default(0.3),
  SCREENING_RULE_MODES: json(z.record(z.string(), z.enum(['block', 'log', 'off']))).default({}),

  DEV_ALLOW_INSECURE: bool.default(false),
  ...McpEnvShape,
  ...ISSUER_ENV_FIELDS,
  ...RISK_ENV_FIELDS,
  ...DLP_ENV_FIELDS,
  ...SCREENING_ENV_FIELDS,
  ...BINDING_ENV_FIELDS,
  ...CONSOLE_ENV_FIELDS,
})

export type KeySource =
  | { readonly kind: 'jwks-url'; readonly url: URL; readonly cacheMaxAgeMs: number; readonly cooldownMs: number }
  | { readonly kind: 'jwks-inline'; readonly jwks: { keys: Array<Record<string, unknown>> } }
  | { readonly kind: 'hs256'; readonly secret: string }

export const ConfigSchema = EnvSchema.superRefine((e, ctx) => {
  const sources = [e.JWKS_URL, e.JWT_JWKS, e.JWT_HS256_SECRET].filter((s) => s !== undefined).length
  if (sources !== 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['JWKS_URL'],
      message: `exactly one key source: JWKS_URL, JWT_JWKS or JWT_HS256_SECRET (found ${sources})`,
    })
  }
  // Key type is bound to algorithm (RFC 8725 §3.1): an HMAC secret never verifies an asymmetric
  // alg, and a public JWKS never verifies HS256, so HS/RS confusion cannot be configured.
  const hs = e.JWT_ALGORITHMS.includes('HS256')
  if (e.JWT_HS256_SECRET !== undefined && (!hs || e.JWT_ALGORITHMS.length !== 1)) {
    ctx.addIssue({ code: 'custom', path: ['JWT_ALGORITHMS'], message: 'must be ["HS256"] when JWT_HS256_SECRET is the key source' })
  }
  if (e.JWT_HS256_SECRET === undefined && hs) {
    ctx.addIssue({ code: 'custom', path: ['JWT_ALGORITHMS'], message: 'HS256 is allowed only with JWT_HS256_SECRET' })
  }
  if (e.ORIGIN === undefined && e.ORIGIN_URL === undefined) {
    ctx.addIssue({ code: 'custom', path: ['ORIGIN_URL'], message: 'an origin: set ORIGIN_URL or bind a service as ORIGIN' })
  }
  if (e.SCREENING_FLAG_THRESHOLD > e.SCREENING_BLOCK_THRESHOLD) {
    ctx.addIssue({ code: 'custom', path: ['SCREENING_FLAG_THRESHOLD'], message: 'must be ≤ SCREENING_BLOCK_THRESHOLD' })
  }
}).transform((e, ctx) => {
  const tiers = mergeTiers(e.TIERS, ctx)
  if (!Object.hasOwn(tiers, e.DEFAULT_TIER)) {
    ctx.addIssue({ code: 'custom', path: ['DEFAULT_TIER'], message: `a configured tier (${Object.keys(tiers).join(', ')})` })
  }
  const routes = compileRoutes(e.ROUTES, ctx)
  const keySource: KeySource = e.JWKS_URL
    ? { kind: 'jwks-url', url: new URL(e.JWKS_URL), cacheMaxAgeMs: e.JWKS_CACHE_SECONDS * 1000, cooldownMs: e.JWKS_COOLDOWN_SECONDS * 1000 }
    : e.JWT_JWKS
      ? { kind: 'jwks-inline', jwks: e.JWT_JWKS as { keys: Array<Record<string, unknown>> } }
      : { kind: 'hs256', secret: e.JWT_HS256_SECRET ?? '' }
  const scopes = [...new Set(routes.flatMap((r) => r.scopes))].sort()
  return {
    origin: { url: e.ORIGIN_URL ? new URL(e.ORIGIN_URL) : undefined, binding: e.ORIGIN, timeoutMs: e.ORIGIN_TIMEOUT_MS },
    jwt: {
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      algorithms: e.JWT_ALGORITHMS,
      keySource,
      maxTtlSeconds: e.MAX_TOKEN_TTL_SECONDS,
      clockToleranceSeconds: e.CLOCK_TOLERANCE_SECONDS,
    },
    tiers,
    defaultTier: e.DEFAULT_TIER,
    routes,
    unmatchedRoutes: e.UNMATCHED_ROUTES,
    maxPathLength: e.MAX_PATH_LENGTH,
    guard: { timeoutMs: e.GUARD_TIMEOUT_MS },
    admin: { token: e.ADMIN_TOKEN, prefix: e.ADMIN_PREFIX },
    metadata: { authorizationServers: e.AUTHORIZATION_SERVERS ?? [e.JWT_ISSUER], scopes, resourceName: e.RESOURCE_NAME },
    body: {
      maxBytes: e.MAX_BODY_BYTES,
      readTimeoutMs: e.BODY_READ_TIMEOUT_MS,
      json: { maxDepth: e.MAX_JSON_DEPTH, maxKeys: e.MAX_JSON_KEYS, maxStringLength: e.MAX_STRING_LENGTH },
    },
    screening: {
      headers: e.SCREEN_HEADERS.map((h) => h.toLowerCase()),
      blockThreshold: e.SCREENING_BLOCK_THRESHOLD,
      flagThreshold: e.SCREENING_FLAG_THRESHOLD,
      ruleModes: checkRuleModes(e.SCREENING_RULE_MODES, ctx),
      secondOpinion: buildSecondOpinion(e, ctx),
    },
    devAllowInsecure: e.DEV_ALLOW_INSECURE,
    issuer: buildIssuerConfig(e, { tiers, defaultTier: e.DEFAULT_TIER, algorithms: e.JWT_ALGORITHMS, maxTokenTtlSeconds: e.MAX_TOKEN_TTL_SECONDS, keySource }, ctx),
    mcp: compileMcp(e, ctx),
    risk: buildRiskConfig(e, new Set(routes.map((r) => r.key)), ctx),
    dlp: buildDlpConfig(e, routes, tiers, ctx),
    clients: buildClients(e, { timeoutMs: e.GUARD_TIMEOUT_MS, mcpTools: e.MCP_TOOLS.length > 0, issuer: e.ISSUER_ENABLED }, ctx),
    console: buildConsoleConfig(e, { adminToken: e.ADMIN_TOKEN, guardTimeoutMs: e.GUARD_TIMEOUT_MS }, ctx),
  }
})

export type Config = z.output<typeof ConfigSchema>
export { ScopeSchema }
