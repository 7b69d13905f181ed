/**
 * @module `tollgate/origin`: for origin servers behind Tollgate. Verify the gate assertion on every
 * request, so that calls made around the gate are refused (docs/origin-trust.md).
 *
 * @example
 *   import { tollgateOrigin } from 'tollgate/origin'
 *   app.use('*', tollgateOrigin({ issuer: 'https://api.example.com', audience: 'https://origin.example.com',
 *     jwks: 'https://api.example.com/.well-known/tollgate/assertion-keys.json' }))
 */
export { ASSERTION_HEADER, ASSERTION_JWKS_PATH, ASSERTION_TYP, contentDigest, STREAMED_BODY, type AssertionClaims } from './contract.js'
export { tollgateOrigin, type TollgateVariables } from './hono.js'
export { MemoryReplayStore, type ReplayStore } from './replay.js'
export { AssertionVerifier, verify, type FailureCode, type Refused, type RequestParts, type Verified, type VerifyOptions, type VerifyResult } from './verify.js'
