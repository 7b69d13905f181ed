/** @module Short stable keys for strings (endpoints, transitions, resource ids): FNV-1a + a murmur3 finaliser. Pure. */

import { hash32 } from '../lib/hash'

export { hash32 }

/**
 * A key of at most 7 characters for a string of any length, so the stored profile never grows with
 * endpoint names. Collisions (2^-32 per pair) only merge two endpoints' counts: harmless.
 */
export const keyOf = (text: string): string => hash32(text).toString(36)
