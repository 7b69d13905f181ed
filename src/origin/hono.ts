/**
 * @module Hono middleware for origins behind Tollgate: refuses (401, problem+json with a stable
 * `code`) every request without a valid gate assertion; on success `c.get('tollgate')` holds it.
 */
import type { MiddlewareHandler } from 'hono'
import { AssertionVerifier, type Verified, type VerifyOptions } from './verify.js'

export type TollgateVariables = { tollgate: Verified }

export function tollgateOrigin(options: VerifyOptions | AssertionVerifier): MiddlewareHandler<{ Variables: TollgateVariables }> {
  const verifier = options instanceof AssertionVerifier ? options : new AssertionVerifier(options)
  return async (c, next) => {
    const result = await verifier.verify(c.req.raw)
    if (!result.ok) {
      const problem = { type: `https://tollgate.dev/errors#${result.code}`, title: 'Request did not come through the gate', status: result.status, code: result.code }
      return new Response(JSON.stringify(problem), { status: result.status, headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store' } })
    }
    c.set('tollgate', result)
    await next()
  }
}
