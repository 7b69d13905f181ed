/** @module DLP test fixtures: fake secrets and personal data (never real), and policies. */
import { compilePolicy, type DlpPolicy, type PolicyRules } from '../../../src/dlp/policy'
import type { Confidence } from '../../../src/dlp/types'

export function policy(rules: PolicyRules, min: Confidence = 'medium', unscanned: 'block' | 'pass' = 'block'): DlpPolicy {
  const p = compilePolicy(rules, min, unscanned)
  if (!p) throw new Error('policy compiled to off')
  return p
}

export const REDACT_ALL = policy({ secret: 'redact', pii: 'redact' })

/** The JSON string of a 2-part JWT header/payload plus a signature (unsigned test token, fake). */
const b64url = (s: string) => Buffer.from(s).toString('base64url')
export const FAKE_JWT = `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url('{"sub":"agent-7","scope":"orders:read"}')}.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U`

/** One fake value per detector (all high or medium confidence). */
export const SECRETS = {
  aws_access_key: 'AKIAZ7Q3LXMBV5GDEMO2',
  aws_secret_key: 'k8Jd9fLq2ZmXw7Yb/3Rt+PqNs4VvHg6TcE1uAoBy',
  gcp_api_key: 'AIzaSyD3m0-0nlyN0tARealKeyAbCdEfGhIjKlM',
  github_classic: 'ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
  github_fine: `github_pat_${'A1b2C3d4E5f6G7h8I9j0K1'}_${'x'.repeat(30)}${'Y9'.repeat(14)}a`,
  github_app: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a',
  gitlab: 'glpat-Zx9Yw8Vu7Ts6Rq5Po4Nm',
  slack: 'xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx',
  slack_webhook: 'https://hooks.slack.com/services/T0DEMO0001/B0DEMO0002/AbCdEfGhIjKlMnOpQrStUvWx',
  stripe: 'sk_live_51DemoOnly4eC39HqLyjWDarjtT1zdp7dc',
  openai_project: `sk-proj-${'Ab3_'.repeat(12)}T3BlbkFJ${'Zq9-'.repeat(6)}`,
  openai_legacy: `sk-${'Ab3dE'.repeat(4)}T3BlbkFJ${'Zq9Wx'.repeat(4)}`,
  anthropic: `sk-ant-api03-${'Kx7_Lm2-Qp9z'.repeat(8)}AA`,
  huggingface: `hf_${'AbCdEfGhIjKlMnOpQr'.repeat(2).slice(0, 34)}`,
  azure_storage: `AccountKey=${'Ab3dE6fG9h'.repeat(8)}Ab3dE6==`,
  jwt: FAKE_JWT,
}
