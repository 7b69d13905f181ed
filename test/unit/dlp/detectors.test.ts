/** @module Every detector on positives (what it finds, exactly) and on near-misses (what it must not). */
import { describe, expect, it } from 'vitest'
import { DETECTORS, POLICY_KEYS } from '../../../src/dlp/catalog'
import { findAll } from '../../../src/dlp/scan'
import type { ScanContext } from '../../../src/dlp/types'
import { FAKE_JWT, policy, REDACT_ALL, SECRETS } from './fixtures'

const LOW = policy({ secret: 'redact', pii: 'redact' }, 'low')
const found = (text: string, ctx: ScanContext = {}, p = REDACT_ALL) => findAll(text, ctx, p).map((f) => [f.id, text.slice(f.start, f.end)])

describe('secret detectors: positives', () => {
  it.each([
    ['secret.aws_access_key', `key id ${SECRETS.aws_access_key}.`, SECRETS.aws_access_key],
    ['secret.aws_access_key', 'ASIAY34FZKBOKMUTVV7A', 'ASIAY34FZKBOKMUTVV7A'],
    ['secret.aws_secret_key', `aws_secret_access_key = ${SECRETS.aws_secret_key}`, SECRETS.aws_secret_key],
    ['secret.aws_secret_key', `"SecretAccessKey": "${SECRETS.aws_secret_key}"`, SECRETS.aws_secret_key],
    ['secret.gcp_api_key', `https://maps.example/api?key=${SECRETS.gcp_api_key}&q=1`, SECRETS.gcp_api_key],
    ['secret.gcp_api_key', 'client_secret GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12', 'GOCSPX-AbCdEfGhIjKlMnOpQrStUvWxYz12'],
    ['secret.azure_storage_key', `DefaultEndpointsProtocol=https;AccountName=demo;${SECRETS.azure_storage}`, SECRETS.azure_storage.slice('AccountKey='.length)],
    ['secret.azure_sas', 'https://demo.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&sp=r&se=2030-01-01&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd%3D', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd%3D'],
    ['secret.github_token', `token ${SECRETS.github_classic}`, SECRETS.github_classic],
    ['secret.github_token', SECRETS.github_fine, SECRETS.github_fine],
    ['secret.github_token', `installation ${SECRETS.github_app}`, SECRETS.github_app],
    ['secret.gitlab_token', `PRIVATE-TOKEN: ${SECRETS.gitlab}`, SECRETS.gitlab],
    ['secret.gitlab_token', 'runner GR1348941AbCdEfGhIjKlMnOpQrSt', 'GR1348941AbCdEfGhIjKlMnOpQrSt'],
    ['secret.slack_token', `Bearer ${SECRETS.slack}`, SECRETS.slack],
    ['secret.slack_webhook', `post to ${SECRETS.slack_webhook} now`, SECRETS.slack_webhook],
    ['secret.stripe_key', `Stripe.apiKey = "${SECRETS.stripe}";`, SECRETS.stripe],
    ['secret.stripe_key', 'whsec_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789', 'whsec_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'],
    ['secret.openai_key', `OPENAI_API_KEY ${SECRETS.openai_project}`, SECRETS.openai_project],
    ['secret.openai_key', SECRETS.openai_legacy, SECRETS.openai_legacy],
    ['secret.anthropic_key', `x-api-key: ${SECRETS.anthropic}`, SECRETS.anthropic],
    ['secret.ai_api_key', `HF_TOKEN ${SECRETS.huggingface}`, SECRETS.huggingface],
    ['secret.ai_api_key', `gsk_${'Ab3d'.repeat(13)}`, `gsk_${'Ab3d'.repeat(13)}`],
    ['secret.jwt', `Authorization: Bearer ${FAKE_JWT}`, FAKE_JWT],
    ['secret.private_key', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5aAmoVDtgfQiDoAoGCCqGSM49\n-----END EC PRIVATE KEY-----', '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5aAmoVDtgfQiDoAoGCCqGSM49\n-----END EC PRIVATE KEY-----'],
    ['secret.private_key', '{"private_key":"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\\n"}', '-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----'],
    ['secret.private_key', 'truncated: -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7Vq', '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7Vq'],
    ['secret.url_password', 'connect failed: postgres://shop:S3cr3t-Pw@db.internal:5432/shop', 'S3cr3t-Pw'],
    ['secret.assignment', 'DB_PASSWORD=hunter2!x', 'hunter2!x'],
    ['secret.assignment', '{"client_secret": "9fK2mQ8xLz7Rt4Vb1Nc6Hy3Jw5Pd0Sg"}', '9fK2mQ8xLz7Rt4Vb1Nc6Hy3Jw5Pd0Sg'],
    ['secret.assignment', "api-key: 'Zk3u8Qw1Lp0Rt6Yv2Nb5Mc4Xd7Se9Fg'", 'Zk3u8Qw1Lp0Rt6Yv2Nb5Mc4Xd7Se9Fg'],
  ])('%s in %j', (id, text, match) => {
    expect(found(text)).toContainEqual([id, match])
  })

  it('uses the JSON member name for a whole value, in any spelling', () => {
    for (const key of ['apiKey', 'api_key', 'X-Api-Key', 'clientSecret', 'accessToken', 'DB_PASSWORD', 'signing.key']) {
      const value = key.toLowerCase().includes('pass') ? 'Tr0ub4dor&3' : 'Zk3u8Qw1Lp0Rt6Yv2Nb5Mc4Xd7Se9Fg'
      expect(found(value, { key }), key).toEqual([['secret.assignment', value]])
    }
  })
})

describe('secret detectors: near-misses', () => {
  it.each([
    ['a SHA-256', 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['a UUID', 'request 123e4567-e89b-12d3-a456-426614174000'],
    ['an AWS-like prefix inside a word', 'XAKIAZ7Q3LXMBV5GDEMO2'],
    ['40 base64 chars with no AWS context', 'etag k8Jd9fLq2ZmXw7Yb/3Rt+PqNs4VvHg6TcE1uAoBy'],
    ['a pagination token', '{"next_page_token": "CAESBkFBQUFBQRoGCgQIARAB9fK2mQ8x"}'],
    ['a token type', 'token_type=Bearer expires_in=3600'],
    ['a password rule', 'password: required'],
    ['a masked password', 'password=********'],
    ['a template variable', 'api_key: ${API_KEY}'],
    ['a placeholder in a URL', 'postgres://user:password@localhost/db'],
    ['a base64 image', `data:image/png;base64,${'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg'.repeat(3)}`],
    ['a dotted name that is not a JWT', 'www.example.com and a.b.c and eyJust.eyKidding.no'],
    ['a JWT-shaped string whose header is not JSON', 'eyJub3Rqc29u.eyJzdWIiOiIxIn0.abc'],
    ['sk- that is not a key', 'sk-ski-sk-8 and task-list'],
    ['a version string', 'v1.2.3 and 2.0.0-rc.1'],
  ])('%s', (_, text) => {
    expect(found(text)).toEqual([])
  })

  it('never takes a git SHA next to a key id for the secret key', () => {
    const text = 'commit 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12 by AKIAZ7Q3LXMBV5GDEMO2'
    expect(found(text)).toEqual([['secret.aws_access_key', 'AKIAZ7Q3LXMBV5GDEMO2']])
  })

  it('reports published example and test-mode keys only at confidence low', () => {
    for (const text of ['AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'sk_test_4eC39HqLyjWDarjtT1zdp7dc']) {
      expect(found(text), text).toEqual([])
      expect(found(text, {}, LOW).length, text).toBe(1)
    }
  })
})

describe('personal-data detectors: positives', () => {
  it.each([
    ['pii.card', 'card 4539 1488 0343 6467 exp 12/29', '4539 1488 0343 6467'],
    ['pii.card', 'Mastercard 5425-2334-3010-9903', '5425-2334-3010-9903'],
    ['pii.card', 'amex 374245455400126', '374245455400126'],
    ['pii.card', 'on 2024-01-01 4539148803436467 was charged', '4539148803436467'],
    ['pii.iban', 'IBAN DE44 5001 0517 5407 3249 31', 'DE44 5001 0517 5407 3249 31'],
    ['pii.iban', 'pay to ES9121000418450200051332.', 'ES9121000418450200051332'],
    ['pii.email', 'write to ana.lopez+orders@acmeshop.dev today', 'ana.lopez+orders@acmeshop.dev'],
    ['pii.email', '<J.Doe@mail.co.uk>', 'J.Doe@mail.co.uk'],
    ['pii.phone', 'call +49 30 12345678', '+49 30 12345678'],
    ['pii.phone', 'call +1 (212) 867-5309', '+1 (212) 867-5309'],
    ['pii.phone', 'office 212-867-5309', '212-867-5309'],
    ['pii.phone', 'bureau 01 42 68 53 00', '01 42 68 53 00'],
    ['pii.phone', 'mobile 07911 123456', '07911 123456'],
    ['pii.phone', 'Tel.: 0301234567', '0301234567'],
    ['pii.national_id.us_ssn', 'SSN 536-90-4399', '536-90-4399'],
    ['pii.national_id.us_ssn', 'social security number: 536904399', '536904399'],
    ['pii.national_id.uk_nino', 'NI JG 10 37 59 A', 'JG 10 37 59 A'],
    ['pii.national_id.es_dni', 'DNI 12345678Z', '12345678Z'],
    ['pii.national_id.es_dni', 'NIE X-1234567-L', 'X-1234567-L'],
    ['pii.national_id.it_cf', 'CF RSSMRA85T10A562S', 'RSSMRA85T10A562S'],
    ['pii.national_id.fr_nir', 'NIR 1 85 05 78 006 084 91', '1 85 05 78 006 084 91'],
    ['pii.national_id.nl_bsn', 'BSN: 100000630', '100000630'],
    ['pii.national_id.de_tax_id', 'Steuer-ID 12 345 678 911', '12 345 678 911'],
  ])('%s in %j', (id, text, match) => {
    expect(found(text)).toContainEqual([id, match])
  })

  it('finds two cards in one run of digit groups', () => {
    expect(found('4539 1488 0343 6467 5425 2334 3010 9903')).toEqual([
      ['pii.card', '4539 1488 0343 6467'],
      ['pii.card', '5425 2334 3010 9903'],
    ])
  })

  it('takes labels from JSON member names', () => {
    expect(found('4915112345678', { key: 'mobileNumber' })).toEqual([['pii.phone', '4915112345678']])
    expect(found('100000721', { key: 'bsn' })).toEqual([['pii.national_id.nl_bsn', '100000721']])
    expect(found('12345678920', { key: 'tax_id' })).toEqual([['pii.national_id.de_tax_id', '12345678920']])
    expect(found('536904399', { key: 'ssn' })).toEqual([['pii.national_id.us_ssn', '536904399']])
  })
})

describe('personal-data detectors: near-misses', () => {
  it.each([
    ['a Luhn-invalid 16-digit number', '4539 1488 0343 6468'],
    ['a timestamp in ms', 'ts 1733000000000 and 1733000000'],
    ['an order number', 'order ORD-00000042, invoice 2024-000123'],
    ['a long id outside card ranges', 'id 1234567890123456789 and 9999999999999995'],
    ['a UUID', '550e8400-e29b-41d4-a716-446655440000'],
    ['a hex hash', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'],
    ['an IBAN with a wrong check digit', 'DE45 5001 0517 5407 3249 31'],
    ['an asset name', 'icon@2x.png and logo@3x.webp'],
    ['an npm scope and version', '@scope/pkg@1.2.3'],
    ['an address without a TLD', 'root@localhost'],
    ['a version string', 'version 10.0.19041.1 and 3.141.5'],
    ['an IP address', 'from 192.168.100.200 and 10.0.0.1'],
    ['a date and time', '2024-11-28T10:15:30Z and 28/11/2024 10:15'],
    ['prices and quantities', 'total 1,234.56 EUR, 12 items, 3.50 each'],
    ['an SSN with area 000, 666 or 9xx', '000-12-3456 666-12-3456 912-34-5678'],
    ['a NINO with a forbidden prefix', 'GB123456A and QQ123456C'],
    ['a DNI with the wrong letter', '12345678A'],
    ['a BSN without a label', 'number 100000630'],
    ['a short phone-like number', '+12345'],
    ['a timezone offset', 'UTC+05:30 and GMT+1'],
    ['a NIR with a wrong key', '1 85 05 78 006 084 92'],
  ])('%s', (_, text) => {
    expect(found(text)).toEqual([])
  })

  it('reports test cards, reserved domains, fictional numbers and example ids only at confidence low', () => {
    for (const text of ['4111 1111 1111 1111', '4242424242424242', 'ana@example.com', 'ops@shop.test', '(415) 555-0123', '+44 20 7946 0958', '123-45-6789', 'GB82 WEST 1234 5698 7654 32', 'AB123456C']) {
      expect(found(text), text).toEqual([])
      expect(found(text, {}, LOW).length, text).toBe(1)
    }
  })
})

describe('catalogue', () => {
  it('has unique ids, each in a known category, and policy keys for every prefix', () => {
    const ids = DETECTORS.map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) {
      expect(id).toMatch(/^(secret|pii)\.[a-z0-9_.]+$/)
      expect(POLICY_KEYS.has(id)).toBe(true)
    }
    expect([...POLICY_KEYS]).toEqual(expect.arrayContaining(['secret', 'pii', 'pii.national_id']))
  })

  it('keeps the most specific of overlapping findings', () => {
    // A JWT after a key-like name is both an assignment and a JWT: the JWT wins.
    expect(found(`token=${FAKE_JWT}`)).toEqual([['secret.jwt', FAKE_JWT]])
  })
})
