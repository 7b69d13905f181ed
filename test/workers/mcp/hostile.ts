/** @module Helpers for tests against the scripted hostile MCP origin (hostile-origin.ts, bound as HOSTILE). */
import { env } from 'cloudflare:workers'
import { connect, withEnv, type ConnectOptions, type Edge } from './support'

export const HOSTILE_PATH = '/hostile/mcp'
/** The one tool the hostile origin offers, declared for the edge. */
export const LOOKUP = { name: 'lookup', scopes: ['records:read'], schema: { type: 'object', properties: { q: { type: 'string', maxLength: 200 } } } }
export const SCOPES = ['records:read']

export type Reply = { status?: number; headers?: Record<string, string>; body?: string; chunks?: string[] }
export type Received = { method: string; query: string; headers: Record<string, string>; body: string }

/** An edge in front of the hostile origin (its own MCP path, so its pins never mix with the demo's). */
export function hostileEdge(vars: Record<string, unknown> = {}): Edge {
  return withEnv({ ORIGIN: env.HOSTILE, MCP_PATH: HOSTILE_PATH, MCP_TOOLS: [LOOKUP], ...vars })
}

let n = 0
/** Registers a script under a fresh key; requests with `?s=<key>` get its replies. */
export async function script(replies: Record<string, Reply>, o: { session?: boolean } = {}): Promise<string> {
  const key = `k${Date.now().toString(36)}${(n++).toString(36)}`
  await env.HOSTILE.fetch(`https://hostile.internal/__script/${key}`, { method: 'POST', body: JSON.stringify({ replies, ...o }) })
  return key
}

/** Replaces the replies the origin gives requests without a script key (the gateway's own probe). */
export async function scriptDefault(replies: Record<string, Reply>): Promise<void> {
  await env.HOSTILE.fetch('https://hostile.internal/__script/', { method: 'POST', body: JSON.stringify({ replies }) })
}

export async function received(key: string): Promise<Received[]> {
  return (await (await env.HOSTILE.fetch(`https://hostile.internal/__received/${key}`)).json()) as Received[]
}

export async function hostileSaw(requestId: string): Promise<boolean> {
  return ((await (await env.HOSTILE.fetch(`https://hostile.internal/__seen/${requestId}`)).json()) as { seen: boolean }).seen
}

/** The SDK client through `edge` to the hostile origin, following script `key`. */
export function connectHostile(token: string, key: string, edge: Edge, o: ConnectOptions = {}) {
  return connect(token, { path: HOSTILE_PATH, ...o, via: edge, query: `?s=${key}` })
}

/** A JSON reply carrying `message` (a template: `{{id}}` etc. are filled by the origin). */
export const jsonReply = (message: string): Reply => ({ body: message })
/** An SSE reply with the raw body given, cut into the chunks given. */
export const sseReply = (...chunks: string[]): Reply => ({ headers: { 'content-type': 'text/event-stream' }, chunks })
