/**
 * @module Key sources → a jose key resolver, built once per isolate and reused across requests.
 *
 * Keys are imported once (TOOLCHAIN.md: raw secret bytes re-import on every verify). The remote
 * JWKS keeps jose's own cache and cooldown; we never hold cross-request promises of our own.
 */
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey, type JSONWebKeySet } from 'jose'
import type { KeySource } from '../config/schema'

export type KeyResolver = JWTVerifyGetKey | CryptoKey

const remote = new Map<string, JWTVerifyGetKey>()
const inline = new WeakMap<object, JWTVerifyGetKey>()
const hmac = new Map<string, CryptoKey>()

export async function resolveKeys(source: KeySource): Promise<KeyResolver> {
  switch (source.kind) {
    case 'jwks-url': {
      const id = `${source.url.href}|${source.cacheMaxAgeMs}|${source.cooldownMs}`
      let set = remote.get(id)
      if (!set) {
        set = createRemoteJWKSet(source.url, { cacheMaxAge: source.cacheMaxAgeMs, cooldownDuration: source.cooldownMs, timeoutDuration: 5_000 })
        remote.set(id, set)
      }
      return set
    }
    case 'jwks-inline': {
      let set = inline.get(source.jwks)
      if (!set) {
        set = createLocalJWKSet(source.jwks as unknown as JSONWebKeySet)
        inline.set(source.jwks, set)
      }
      return set
    }
    case 'hs256': {
      let key = hmac.get(source.secret)
      if (!key) {
        key = await crypto.subtle.importKey('raw', new TextEncoder().encode(source.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
        hmac.set(source.secret, key)
      }
      return key
    }
  }
}
