/**
 * @module The issuer's private signing keys, imported once per isolate (TOOLCHAIN.md: importing
 * per request costs more than signing). Only the key named active signs; all stay published.
 */
import { importJWK } from 'jose'
import type { SigningAlgorithm, SigningKey } from '../config/issuer'

export type ActiveKey = { readonly kid: string; readonly alg: SigningAlgorithm; readonly key: CryptoKey }

const imported = new WeakMap<SigningKey, Promise<CryptoKey>>()

export function activeSigningKey(keys: readonly SigningKey[], activeKid: string): Promise<ActiveKey> {
  const chosen = keys.find((k) => k.kid === activeKid)
  if (!chosen) return Promise.reject(new Error('no active signing key'))
  let key = imported.get(chosen)
  if (!key) {
    // Non-extractable: the private key cannot be read back out of the isolate.
    key = importJWK({ ...chosen.jwk, ext: false }, chosen.alg, { extractable: false }) as Promise<CryptoKey>
    key.catch(() => imported.delete(chosen))
    imported.set(chosen, key)
  }
  return key.then((k) => ({ kid: chosen.kid, alg: chosen.alg, key: k }))
}
