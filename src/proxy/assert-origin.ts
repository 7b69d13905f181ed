/** @module Puts the signed gate assertion on a request about to be forwarded (docs/origin-trust.md). */
import type { Principal } from '../auth/principal'
import type { AssertionConfig } from '../config/deployment'
import { ASSERTION_HEADER, contentDigest, requestTarget, STREAMED_BODY } from '../origin/contract'
import { signAssertion } from './assertion'

export type Forwarded = {
  readonly principal: Principal
  readonly requestId: string
  readonly method: string
  readonly target: URL
  /** The exact bytes forwarded; undefined when the body streams through unread. */
  readonly body: Uint8Array | undefined
}

export async function assertOrigin(headers: Headers, a: AssertionConfig, f: Forwarded): Promise<void> {
  const digest = f.body === undefined ? STREAMED_BODY : await contentDigest(f.body)
  const token = await signAssertion(a, {
    principal: f.principal,
    requestId: f.requestId,
    method: f.method,
    target: requestTarget(f.target),
    contentDigest: digest,
    now: Math.floor(Date.now() / 1000),
  })
  headers.set(ASSERTION_HEADER, token)
}
