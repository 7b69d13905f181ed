/** @module The route table schema: method + path template → scopes, cost, input schema, fail mode. */
import * as z from 'zod'
import { SCOPE_TOKEN } from '../auth/grammar'
import { DLP_ROUTE_FIELDS } from './dlp'
import type { CompiledSchema } from '../policy/schema'
import { compileConfiguredSchema } from './json-schema'
import { SCREENING_ROUTE_FIELDS } from './screening'

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
export type Method = (typeof METHODS)[number]

export const ScopeSchema = z.string().regex(SCOPE_TOKEN, 'a scope token (RFC 6749 §3.3 characters, ≤ 128)')

/** `/api/products/:id`: literal segments or `:name` parameters; no wildcards, so matching is exact. */
const TemplateSchema = z
  .string()
  .regex(/^(\/(:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9._~!$&'()*+,=@-]+))+$|^\/$/, 'a path template like /api/products/:id')

export type ScreeningMode = 'block' | 'log' | 'off'

export const RouteSchema = z
  .object({
    method: z.enum(METHODS),
    path: TemplateSchema,
    scopes: z.array(ScopeSchema).default([]),
    cost: z.number().int().min(0).max(100_000).default(1),
    schema: z.record(z.string(), z.unknown()).optional(),
    failMode: z.enum(['closed', 'open']).default('closed'),
    screening: z.enum(['block', 'log', 'off']).default('block'),
    ...DLP_ROUTE_FIELDS,
    ...SCREENING_ROUTE_FIELDS,
  })
  .strict()

export type RouteConfig = z.output<typeof RouteSchema>

export type Route = RouteConfig & {
  /** "GET /api/products/:id": the endpoint name the guard, logs and analytics use. */
  readonly key: string
  readonly segments: readonly string[]
  /** The route's schema, compiled at load (absent when the route has none). */
  readonly validate?: CompiledSchema
}

/** Compiles the table once: splits templates, compiles schemas, rejects duplicates (the first would shadow the second). */
export function compileRoutes(routes: readonly RouteConfig[], ctx: z.RefinementCtx): Route[] {
  const seen = new Set<string>()
  return routes.map((r, i) => {
    const shape = `${r.method} ${r.path.replace(/:[A-Za-z0-9_]+/g, ':')}`
    if (seen.has(shape)) ctx.addIssue({ code: 'custom', path: ['ROUTES', i, 'path'], message: `duplicate route ${r.method} ${r.path}` })
    seen.add(shape)
    const validate = r.schema === undefined ? undefined : compileConfiguredSchema(r.schema, ['ROUTES', i, 'schema'], ctx)
    return { ...r, key: `${r.method} ${r.path}`, segments: r.path === '/' ? [] : r.path.slice(1).split('/'), ...(validate ? { validate } : {}) }
  })
}
