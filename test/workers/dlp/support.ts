/** @module DLP workers-test helpers: an edge with its own DLP configuration, and the fake leaked values. */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test'
import { env } from 'cloudflare:workers'
import worker from '../../../src/index'
import { requestId } from '../../support/http'

/** The values the demo origin leaks (demo/src/origin.ts): never to reach an agent where the policy redacts. */
export const LEAKED = {
  card: '4539 1488 0343 6467',
  cardCompact: '4539148803436467',
  email: 'ana.lopez@acmeshop.dev',
  iban: 'DE44 5001 0517 5407 3249 31',
  stripe: 'sk_live_51DemoOnly4eC39HqLyjWDarjtT1zdp7dc',
  awsKeyId: 'AKIAZ7Q3LXMBV5GDEMO2',
  awsSecret: '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',
}

export const LEAK_ROUTE = { method: 'GET', path: '/api/leak/:kind', scopes: ['products:read'], cost: 1 }

export type Answer = { status: number; headers: Headers; text: string; requestId: string }

/**
 * An edge whose env adds `overrides` (a fresh env object, so its configuration is parsed apart).
 * `get` sends one GET, reads the whole answer and waits for the work done after it (records, reports).
 */
export function edgeWith(overrides: Record<string, unknown>) {
  const patched = { ...env, ...overrides }
  return async (path: string, token: string): Promise<Answer> => {
    const id = requestId()
    const ctx = createExecutionContext()
    const res = await worker.fetch(new Request(`https://edge.test${path}`, { headers: { authorization: `Bearer ${token}`, 'x-request-id': id } }) as never, patched as never, ctx)
    const text = await res.text()
    await waitOnExecutionContext(ctx)
    return { status: res.status, headers: res.headers, text, requestId: id }
  }
}

/** The routes of the test env plus the leak route with the given extra fields. */
export function routesWith(leak: Record<string, unknown>): unknown[] {
  return [...(env['ROUTES'] as unknown[]), { ...LEAK_ROUTE, ...leak }]
}

/** What the origin itself answers for a path (read through the ORIGIN binding, never through the edge). */
export async function originText(path: string): Promise<string> {
  return (await env.ORIGIN.fetch(`https://origin.internal${path}`)).text()
}
