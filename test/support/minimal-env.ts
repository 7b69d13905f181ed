/** @module The smallest env that parses (an origin, an issuer, an audience, an inline JWKS, a guard binding), for config tests. */
export const TEST_JWKS = { keys: [{ kty: 'OKP', crv: 'Ed25519', x: 'fwGe8kiEfwcvZVAmTcFGLKGSVOL9eD6kDOOnT2l2pIQ', kid: 'k1' }] }

export const minimalEnv = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  ORIGIN_URL: 'https://api.example.com',
  JWT_ISSUER: 'https://auth.example.com',
  JWT_AUDIENCE: 'https://api.example.com',
  JWT_JWKS: TEST_JWKS,
  AGENT_GUARD: {},
  ...extra,
})
