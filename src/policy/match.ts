/** @module Route matching on normalised segments, and the least-privilege scope check. Pure. */
import type { Route } from '../config/routes'

export type Match = { readonly route: Route; readonly params: Record<string, string> }

/** Exact templates only: literal segments must be equal, `:param` takes one non-empty segment. */
export function matchRoute(routes: readonly Route[], method: string, segments: readonly string[]): Match | undefined {
  const m = method === 'HEAD' ? ['HEAD', 'GET'] : [method]
  for (const wanted of m) {
    for (const route of routes) {
      if (route.method !== wanted || route.segments.length !== segments.length) continue
      const params: Record<string, string> = {}
      let ok = true
      for (let i = 0; i < segments.length && ok; i++) {
        const t = route.segments[i]!
        if (t.startsWith(':')) params[t.slice(1)] = segments[i]!
        else ok = t === segments[i]
      }
      if (ok) return { route, params }
    }
  }
  return undefined
}

/** All required scopes must be held (RFC 6750 §3.1 insufficient_scope otherwise). */
export function missingScopes(required: readonly string[], held: readonly string[]): string[] {
  const have = new Set(held)
  return required.filter((s) => !have.has(s))
}
