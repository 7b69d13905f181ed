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
  .regex(/^(\/(:[A-Za-z_][A-Za-z0-9_.-]*|[A-Za-z0-9._~!$&'()*+,=@-]+))+$|^\/$/, 'a path template like /api/products/:id')

export type ScreeningMode = 'block' | 'log' | 'off'

/** Path or query parameters: a JSON Schema for the decoded object and each value's wire type (src/policy/params.ts). */
const ParamSpecSchema = z
  .object({
    schema: z.record(z.string(), z.unknown()),
    types: z.record(z.string(), z.object({ type: z.enum(['string', 'integer', 'number', 'boolean']), array: z.enum(['multi', ',', ' ', '|']).optional() }).strict()),
  })
  .strict()

export const RouteSchema = z
  .object({
    method: z.enum(METHODS),
    path: TemplateSchema,
    scopes: z.array(ScopeSchema).default([]),
    cost: z.number().int().min(0).max(100_000).default(1),
    schema: z.record(z.string(), z.unknown()).optional(),
    failMode: z.enum(['closed', 'open']).default('closed'),
    screening: z.enum(['block', 'log', 'off']).default('block'),
    /** With a schema: false lets the body be absent (OpenAPI requestBody.required: false). */
    bodyRequired: z.boolean().optional(),
    /** True when the schemas are already closed where they describe values (imported from OpenAPI). */
    schemaClosed: z.boolean().optional(),
    query: ParamSpecSchema.optional(),
    params: ParamSpecSchema.optional(),
    operationId: z.string().max(128).optional(),
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

/** "GET /a/:" for "GET /a/:id": two routes of one shape would shadow each other. */
export const routeShape = (r: { method: string; path: string }) => `${r.method} ${r.path.replace(/:[A-Za-z0-9_.-]+/g, ':')}`

/** Compiles the table once: splits templates, compiles schemas, rejects duplicates (the first would shadow the second). */
export function compileRoutes(routes: readonly RouteConfig[], ctx: z.RefinementCtx): Route[] {
  const seen = new Set<string>()
  return routes.map((r, i) => {
    const shape = routeShape(r)
    if (seen.has(shape)) ctx.addIssue({ code: 'custom', path: ['ROUTES', i, 'path'], message: `duplicate route ${r.method} ${r.path}` })
    seen.add(shape)
    const validate = r.schema === undefined ? undefined : compileConfiguredSchema(r.schema, ['ROUTES', i, 'schema'], ctx, !r.schemaClosed)
    // Parameter schemas are generated closed; compiled (and cached for policy/params.ts) at load, so a bad one fails closed here.
    for (const where of ['query', 'params'] as const) {
      const spec = r[where]
      if (spec) compileConfiguredSchema(spec.schema, ['ROUTES', i, where, 'schema'], ctx, false)
    }
    return { ...r, key: `${r.method} ${r.path}`, segments: r.path === '/' ? [] : r.path.slice(1).split('/'), ...(validate ? { validate } : {}) }
  })
}
