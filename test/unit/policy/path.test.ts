import { describe, expect, it } from 'vitest'
import { normalizePath } from '../../../src/policy/path'

describe('normalizePath', () => {
  it.each([
    ['/api/products', '/api/products'],
    ['/api//products', '/api/products'],
    ['/api/./products', '/api/products'],
    ['/api/x/../products', '/api/products'],
    ['/api/%70roducts', '/api/products'],
    ['/api/products/', '/api/products'],
    ['/api/products/%31', '/api/products/1'],
    ['/', '/'],
    ['/api/products/caf%C3%A9', '/api/products/caf%C3%A9'],
    ['/api/users/me/../../products/7', '/api/products/7'],
    ['/api/%2e%2e/api/orders', '/api/orders'],
  ])('%s → %s', (raw, expected) => {
    const r = normalizePath(raw, 2048)
    expect(r).toMatchObject({ ok: true, path: expected })
  })

  it.each([
    ['/api/products%2f1', 'encoded_separator'],
    ['/api/products%2F..%2Fusers', 'encoded_separator'],
    ['/api/products%5c1', 'encoded_separator'],
    ['/api\\products', 'backslash'],
    ['/api/products%00', 'control_character'],
    ['/api/products%0d%0aX-Injected:1', 'control_character'],
    ['/api/%252e%252e/users', 'double_encoding'],
    ['/api/products%25', 'double_encoding'],
    ['/api/products/..;/users/me', 'unsafe_character'],
    ['/api/products;jsessionid=1', 'unsafe_character'],
    ['/api/products/a%20b', 'unsafe_character'],
    ['/../etc/passwd', 'traversal_above_root'],
    ['/api/../../x', 'traversal_above_root'],
    ['/api/%ZZ', 'bad_percent_encoding'],
    ['/api/%c0%ae%c0%ae/x', 'bad_percent_encoding'],
    ['/' + 'a'.repeat(3000), 'too_long'],
    ['api/products', 'not_absolute'],
  ])('rejects case %# (%s)', (raw, reason) => {
    expect(normalizePath(raw, 2048)).toEqual({ ok: false, reason })
  })

  it('is idempotent: the canonical form normalises to itself', () => {
    for (const raw of ['/api/products/%E2%9C%93', '/a/b/../c/./d', '/x//y///z']) {
      const once = normalizePath(raw, 2048)
      if (!once.ok) throw new Error(raw)
      expect(normalizePath(once.path, 2048)).toMatchObject({ ok: true, path: once.path })
    }
  })
})
