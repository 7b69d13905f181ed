/**
 * @module Deployment configuration (zod): the public URL, the forwarded-header contract and the
 * origin assertion key. Pure; schema.ts spreads DEPLOYMENT_ENV_FIELDS and calls the builder.
 *
 * Nothing the agent sends decides a URL Tollgate publishes (RFC 9728 metadata, 401 challenges,
 * RFC 8414 metadata): they are built from PUBLIC_URL. Messages never echo values
 * (ORIGIN_ASSERTION_KEYS holds private keys).
 */
import * as z from 'zod'
import { bool, int, json } from './coerce'
import { publicJwk, SigningKeySetSchema, type PublicJwk, type SigningKey } from './issuer'

/**
 * Template placeholders are written `<…>`: no real value looks like that, so a leftover one is
 * refused by name instead of being used (an issuer of "<https://auth.example.com>" would fail every
 * token at run time instead of at load).
 */
export const PLACEHOLDER = /^<[^<>]*>$/

const Origin = z
  .url({ protocol: /^https?$/, error: 'an http(s) origin like https://api.example.com' })
  .refine((u) => {
    let url: URL
    try {
      url = new URL(u)
    } catch {
      return true // not a URL at all: z.url() has already said so
    }
    return (url.pathname === '/' || url.pathname === '') && url.search === '' && url.hash === '' && url.username === '' && url.password === ''
  }, 'an origin only (scheme, host and optional port), with no path, query or credentials')

/** RFC 9110 §7.2 Host: a host name (or IP literal) and optional port. */
const HostSchema = z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(:[0-9]{1,5})?$/, 'a host name with optional port, like api.internal.example.com')

export const DEPLOYMENT_ENV_FIELDS = {
  PUBLIC_URL: Origin.optional(),
  ORIGIN_HOST: HostSchema.optional(),
  TRUST_CF_CONNECTING_IP: bool.default(false),
  ORIGIN_ASSERTION_KEYS: json(SigningKeySetSchema).optional(),
  ORIGIN_ASSERTION_AUDIENCE: z.string().min(1).max(512).optional(),
  ORIGIN_ASSERTION_TTL_SECONDS: int(5, 300).default(60),
  ORIGIN_ASSERTION_BODY: z.enum(['digest', 'stream']).default('digest'),
}

const DeploymentEnvSchema = z.object(DEPLOYMENT_ENV_FIELDS)
type DeploymentEnv = z.output<typeof DeploymentEnvSchema>

export type AssertionConfig = {
  /** The `iss` of every assertion: the gateway's public origin. */
  readonly issuer: string
  readonly audience: string
  readonly ttlSeconds: number
  readonly keys: readonly SigningKey[]
  readonly activeKid: string
  /** Served at ASSERTION_JWKS_PATH for origins to verify with. */
  readonly publicJwks: { readonly keys: readonly PublicJwk[] }
  /** "digest": bodies that would stream are read (bounded) so the assertion binds them; "stream": they stream, unbound. */
  readonly body: 'digest' | 'stream'
}

export type DeploymentConfig = {
  /** The public origin agents reach (no trailing slash). */
  readonly publicUrl: string
  readonly forwarding: ForwardingPolicy
  readonly assertion: AssertionConfig | undefined
}

export type ForwardingPolicy = {
  /** The Host the origin receives; otherwise the one its URL implies. Never the agent's. */
  readonly host: string | undefined
  /** Only behind Cloudflare's edge, which sets CF-Connecting-IP itself, is that header the client's address. */
  readonly trustCfConnectingIp: boolean
}

/** Context from the rest of the configuration. */
export type DeploymentContext = { readonly audience: string; readonly originUrl: URL | undefined }

export function buildDeploymentConfig(e: DeploymentEnv, x: DeploymentContext, ctx: z.RefinementCtx): DeploymentConfig {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  let publicUrl = e.PUBLIC_URL
  if (publicUrl === undefined) {
    // RFC 8707: the audience is the resource's canonical URL; without PUBLIC_URL its origin is used.
    let fromAudience: URL | undefined
    try {
      fromAudience = new URL(x.audience)
    } catch {
      fromAudience = undefined
    }
    if (fromAudience && /^https?:$/.test(fromAudience.protocol)) publicUrl = fromAudience.origin
    else issue(['PUBLIC_URL'], 'required when JWT_AUDIENCE is not an http(s) URL: the origin agents reach, like https://api.example.com')
  }
  const origin = (publicUrl ?? '').replace(/\/+$/, '')
  let assertion: AssertionConfig | undefined
  const set = e.ORIGIN_ASSERTION_KEYS
  if (set) {
    const keys: SigningKey[] = []
    const kids = new Set<string>()
    set.keys.forEach((jwk, i) => {
      if (kids.has(jwk.kid)) issue(['ORIGIN_ASSERTION_KEYS', 'keys', i, 'kid'], 'duplicate kid')
      kids.add(jwk.kid)
      const alg = jwk.kty === 'OKP' ? 'EdDSA' : 'ES256'
      keys.push({ kid: jwk.kid, alg, jwk: { ...jwk, alg } })
    })
    if (set.active !== undefined && !kids.has(set.active)) issue(['ORIGIN_ASSERTION_KEYS', 'active'], 'must name the kid of one of the keys')
    const audience = e.ORIGIN_ASSERTION_AUDIENCE ?? x.originUrl?.origin
    if (audience === undefined) issue(['ORIGIN_ASSERTION_AUDIENCE'], 'required with an ORIGIN service binding: the identifier your origin verifies as aud')
    assertion = {
      issuer: origin,
      audience: audience ?? '',
      ttlSeconds: e.ORIGIN_ASSERTION_TTL_SECONDS,
      keys,
      activeKid: set.active ?? keys[0]?.kid ?? '',
      publicJwks: { keys: set.keys.map(publicJwk) },
      body: e.ORIGIN_ASSERTION_BODY,
    }
  }
  return { publicUrl: origin, forwarding: { host: e.ORIGIN_HOST, trustCfConnectingIp: e.TRUST_CF_CONNECTING_IP }, assertion }
}

/** Names every top-level value still holding a template placeholder (they would fail at run time). */
export function placeholderIssues(env: Record<string, unknown>, ctx: z.RefinementCtx): void {
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string' && PLACEHOLDER.test(value.trim())) {
      ctx.addIssue({ code: 'custom', path: [name], message: 'a placeholder from the template: replace <…> with your value' })
    }
  }
}
