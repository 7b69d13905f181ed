/**
 * @module Tollgate as the bench runs it: an EdDSA key generated per run, the bindings (JWKS, a
 * bench route with a JSON Schema and a ~1 KB order body, high-limit tiers), and token minting.
 */
import { exportJWK, generateKeyPair, SignJWT } from 'jose'

export const ISSUER = 'https://bench.tollgate.local'
export const AUDIENCE = 'https://api.bench.tollgate.local'
export const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef'

/** A realistic order: nested objects, an array of line items, free text that gets screened. */
export const ORDER = {
  customer: { id: 'c-1029384', email: 'ana.garcia@example.com', name: 'Ana García', loyalty_tier: 'gold' },
  items: [
    { sku: 'SKU-100231', name: 'Trail running shoes, size 39', quantity: 1, unit_price: 129.9 },
    { sku: 'SKU-200417', name: 'Merino wool socks (3 pack)', quantity: 2, unit_price: 24.5 },
    { sku: 'SKU-310058', name: 'Hydration vest 5 L', quantity: 1, unit_price: 89 },
    { sku: 'SKU-412200', name: 'Headlamp 400 lumen', quantity: 1, unit_price: 45.95 },
  ],
  shipping: { street: 'Calle Mayor 12, 3B', city: 'Madrid', postal_code: '28013', country: 'ES', method: 'express' },
  payment: { method: 'card', last4: '4242', billing_same_as_shipping: true },
  notes: 'Please leave the parcel with the concierge if nobody answers the door. The socks are a birthday present, so gift wrap them separately and leave out the invoice. Deliveries after 6 pm on weekdays work best for us.',
  coupon: 'WINTER-2026',
  currency: 'EUR',
  client_reference: 'bench-order-000001',
}

const str = (max, extra = {}) => ({ type: 'string', minLength: 1, maxLength: max, ...extra })
export const ORDER_SCHEMA = {
  type: 'object',
  required: ['customer', 'items', 'shipping', 'payment', 'currency'],
  properties: {
    customer: {
      type: 'object',
      required: ['id', 'email', 'name'],
      properties: { id: str(32, { pattern: '^c-[0-9]{1,10}$' }), email: str(254, { format: 'email' }), name: str(200), loyalty_tier: { enum: ['none', 'silver', 'gold'] } },
    },
    items: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        required: ['sku', 'quantity', 'unit_price'],
        properties: { sku: str(32, { pattern: '^SKU-[0-9]{6}$' }), name: str(200), quantity: { type: 'integer', minimum: 1, maximum: 100 }, unit_price: { type: 'number', minimum: 0, maximum: 100000 } },
      },
    },
    shipping: {
      type: 'object',
      required: ['street', 'city', 'postal_code', 'country'],
      properties: { street: str(200), city: str(100), postal_code: str(16, { pattern: '^[A-Za-z0-9 -]{3,16}$' }), country: str(2, { pattern: '^[A-Z]{2}$' }), method: { enum: ['standard', 'express'] } },
    },
    payment: {
      type: 'object',
      required: ['method'],
      properties: { method: { enum: ['card', 'transfer', 'invoice'] }, last4: str(4, { pattern: '^[0-9]{4}$' }), billing_same_as_shipping: { type: 'boolean' } },
    },
    notes: { type: 'string', maxLength: 2000 },
    coupon: str(32, { pattern: '^[A-Z0-9-]{1,32}$' }),
    currency: { enum: ['EUR', 'USD', 'GBP'] },
    client_reference: str(64),
  },
}

export const ORDER_BODY = JSON.stringify(ORDER)

/** Routes the harness adds to the ones wrangler.toml declares. */
export const BENCH_ROUTES = [
  { method: 'POST', path: '/api/bench/orders', scopes: ['orders:write'], cost: 1, schema: ORDER_SCHEMA },
  { method: 'GET', path: '/api/bench/items/:id', scopes: ['items:read'], cost: 1 },
  { method: 'GET', path: '/api/fault/:mode', scopes: ['items:read'], cost: 1 },
]
export const BENCH_SCOPES = ['orders:write', 'items:read']

/** `bench`: limits far above any load the bench makes, so it measures overhead, not 429s. */
export const BENCH_TIERS = { bench: { rpm: 10_000_000, burst: 1_000_000, daily: 1_000_000_000, cost_per_minute: 100_000_000 } }

export async function makeKey(kid = `bench-${Date.now().toString(36)}`) {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true })
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' }
  return { kid, privateKey, jwks: { keys: [jwk] } }
}

export async function mint(key, { sub, tier = 'bench', scopes = BENCH_SCOPES, ttl = 900, kid = key.kid } = {}) {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ scope: scopes.join(' '), tier })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(sub)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(crypto.randomUUID())
    .sign(key.privateKey)
}

/** Bindings every Tollgate in this run gets (e.g. shadowed screening rules, see probe.mjs). */
const runOverrides = {}
export function setRunOverrides(o) {
  Object.assign(runOverrides, o)
}

/**
 * Tollgate's bindings: wrangler.toml's [vars] (so whatever the tree configures still validates),
 * with the bench's key, issuer, routes and tiers on top. No ORIGIN service: ORIGIN_URL is the Node origin.
 */
export function tollgateBindings(wrangler, { originUrl, jwks, extraRoutes = [], tiers = {}, overrides = {} }) {
  const vars = { ...wrangler.vars }
  return {
    ...vars,
    ORIGIN_URL: originUrl,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
    JWT_ALGORITHMS: ['EdDSA'],
    ...(jwks ? { JWT_JWKS: jwks } : {}),
    ADMIN_TOKEN,
    ROUTES: [...(vars.ROUTES ?? []), ...BENCH_ROUTES, ...extraRoutes],
    TIERS: { ...(vars.TIERS ?? {}), ...BENCH_TIERS, ...tiers },
    // DLP is opt-in (default off); the demo turns it on. The bench measures the default, and DLP's
    // own cost in the micro rows (dlp:*, pipeline:get-dlp), so faults and e2e rows stay comparable.
    DLP_POLICY: {},
    DLP_RECORDS_PER_DAY: {},
    ...runOverrides,
    ...overrides,
  }
}
