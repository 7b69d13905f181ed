/**
 * @module The route table compiled into the bundle (`#tollgate/routes`, written by
 * `npm run routes:import`) merged with the ROUTES env var. Pure.
 *
 * Precedence (docs/openapi.md): an env route with the same method and path shape replaces the
 * imported one; other env routes are added. The merged table is ordered most specific first
 * (literal segments before parameters, OpenAPI §4.8.8.2), so an added `/:id` never shadows an
 * imported literal path. The bundled table is validated with the same RouteSchema as env routes.
 */
import * as z from 'zod'
import { routeShape as shape, RouteSchema, type RouteConfig } from './routes'

export type BundledTable = { readonly version: string; readonly source: string; readonly routes: readonly unknown[] }

const rank = (p: string) => p.split('/').map((s) => (s.startsWith(':') ? '1' : '0')).join('')

export const BundledRoutesSchema = z.array(RouteSchema)

/** Env routes first (their indexes stay those of ROUTES for error paths), then the imported ones they do not replace. */
export function mergeRoutes(bundled: BundledTable, env: readonly RouteConfig[], ctx: z.RefinementCtx): RouteConfig[] {
  const parsed = BundledRoutesSchema.safeParse(bundled.routes)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    ctx.addIssue({ code: 'custom', path: ['ROUTES'], message: `the bundled route table (${bundled.source || 'src/generated/routes.ts'}) is invalid at ${first?.path.join('.')}: re-run npm run routes:import` })
    return [...env]
  }
  const overridden = new Set(env.map(shape))
  return [...env, ...parsed.data.filter((r) => !overridden.has(shape(r)))]
}

/** Most specific first; stable, so equal ranks keep table order. */
export function bySpecificity<T extends { path: string }>(routes: readonly T[]): T[] {
  return routes.map((r, i) => ({ r, i, k: rank(r.path) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i)).map((x) => x.r)
}
