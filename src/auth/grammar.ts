/** @module Token grammar shared by verification, configuration and the issuer: one pattern per rule, no flags (stateless `.test`). */

/** RFC 6749 §3.3 scope-token: 1*( %x21 / %x23-5B / %x5D-7E ), at most 128 characters. */
export const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]{1,128}$/

/** A JWS `kid` Tollgate accepts (and its issuer emits): no separators, nothing to inject into a lookup. */
export const KID = /^[A-Za-z0-9._-]{1,128}$/

/** A printable-ASCII label (tier names, client names): bounded, no control characters for logs. */
export const LABEL = /^[\x20-\x7e]{1,128}$/
