/** @module Helpers for workers tests: call the edge, and ask the demo origin whether a request reached it. */
import { env, exports } from 'cloudflare:workers'

let n = 0
export function requestId(): string {
  return `test-${Date.now().toString(36)}-${(n++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}

export type Sent = { response: Response; requestId: string }

/** Sends through the edge with a fresh X-Request-Id, which the origin records if it is reached. */
export async function send(path: string, init: RequestInit & { token?: string } = {}): Promise<Sent> {
  const id = requestId()
  const headers = new Headers(init.headers)
  headers.set('x-request-id', id)
  if (init.token) headers.set('authorization', `Bearer ${init.token}`)
  const url = path.startsWith('http') ? path : `https://edge.test${path}`
  const response = await exports.default.fetch(new Request(url, { ...init, headers }))
  return { response, requestId: id }
}

export async function originSaw(id: string): Promise<boolean> {
  const r = await env.ORIGIN.fetch(`https://origin.internal/__demo/seen/${id}`)
  return ((await r.json()) as { seen: boolean }).seen
}
