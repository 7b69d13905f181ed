/** @module The protected demo routes, each with a concrete request that satisfies its schema. */
export type ProtectedRoute = { name: string; method: string; path: string; scope: string; body?: unknown }

export const PROTECTED_ROUTES: ProtectedRoute[] = [
  { name: 'list products', method: 'GET', path: '/api/products', scope: 'products:read' },
  { name: 'get product', method: 'GET', path: '/api/products/7', scope: 'products:read' },
  { name: 'search', method: 'POST', path: '/api/search', scope: 'search:execute', body: { query: 'trail shoes', max_results: 5 } },
  { name: 'generate report', method: 'POST', path: '/api/reports/generate', scope: 'reports:generate', body: { report_type: 'sales' } },
  { name: 'get export', method: 'GET', path: '/api/exports/exp-1', scope: 'exports:read' },
  { name: 'me', method: 'GET', path: '/api/users/me', scope: 'users:read' },
  { name: 'orders', method: 'GET', path: '/api/orders', scope: 'orders:read' },
  { name: 'review', method: 'POST', path: '/api/reviews', scope: 'reviews:write', body: { product_id: '7', rating: 5, text: 'Great shoes' } },
  { name: 'delete my data', method: 'DELETE', path: '/api/users/me/data', scope: 'users:delete' },
]

export function init(route: ProtectedRoute): RequestInit {
  return route.body === undefined
    ? { method: route.method }
    : { method: route.method, body: JSON.stringify(route.body), headers: { 'content-type': 'application/json' } }
}
