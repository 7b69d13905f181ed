/**
 * @module Secret detectors: provider tokens with fixed prefixes, JWTs, PEM private keys, passwords in
 * URLs, and high-entropy values next to key-like names. Pure.
 *
 * Prefixes follow each provider's published token format (GitHub's 2021 format change, GitLab's
 * token prefixes, Slack's xox*, Stripe's sk_/rk_, OpenAI's T3BlbkFJ marker, Anthropic's sk-ant-).
 * Token boundaries are explicit lookarounds so a token inside a longer identifier never matches.
 * The values AWS publishes in its docs (…EXAMPLE, …EXAMPLEKEY) and Stripe test keys are `low`.
 */
import { charClasses, entropy } from '../checksums'
import type { Confidence, Detector, Match, ScanContext } from '../types'
import { around, before, isPlaceholder, keyIs, matches, snakeName } from './define'

const high = (): Confidence => 'high'

const AWS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}(?![A-Za-z0-9])/g
const AWS_SECRET = /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g
const AWS_SECRET_LABEL = /aws.{0,24}secret|secret.?access.?key/i
const HEX = /^[0-9a-fA-F]+$/

const awsAccessKey: Detector = {
  id: 'secret.aws_access_key',
  category: 'secret',
  priority: 100,
  maxLength: 20,
  hint: /A[KS]IA|ABIA|ACCA/,
  find: (text) => matches(AWS_KEY_ID, text, (m) => (m[0].endsWith('EXAMPLE') ? 'low' : 'high')),
}

/** 40 base64 characters are everywhere (hashes, ids): only with an AWS label or key id nearby. */
const awsSecretKey: Detector = {
  id: 'secret.aws_secret_key',
  category: 'secret',
  priority: 80,
  maxLength: 40,
  minLength: 40,
  hint: /aws|AWS|Aws|[Ss]ecret|SECRET|[Aa]ccess.?[Kk]ey|A[KS]IA/,
  keyHint: /aws.*secret|secret_?access_?key/,
  find: (text, ctx) =>
    matches(AWS_SECRET, text, (m) => {
      const v = m[0]
      if (HEX.test(v) || charClasses(v) < 3 || entropy(v) < 4) return null
      const labelled = (ctx.key !== undefined && AWS_SECRET_LABEL.test(ctx.key)) || AWS_SECRET_LABEL.test(before(text, m.index, 64))
      AWS_KEY_ID.lastIndex = 0
      const paired = AWS_KEY_ID.test(around(text, m.index, m.index + 40, 300))
      AWS_KEY_ID.lastIndex = 0
      if (!labelled && !paired) return null
      return v.endsWith('EXAMPLEKEY') ? 'low' : 'high'
    }),
}

const GCP = /(?<![A-Za-z0-9_-])(?:AIza[0-9A-Za-z_-]{35}|GOCSPX-[0-9A-Za-z_-]{28})(?![A-Za-z0-9_-])/g
const gcpKey: Detector = { id: 'secret.gcp_api_key', category: 'secret', priority: 100, maxLength: 39, hint: /AIza|GOCSPX-/, find: (text) => matches(GCP, text, high) }

const AZURE_KEY = /(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{43}=|[A-Za-z0-9+/]{86}==)/dg
const azureStorageKey: Detector = {
  id: 'secret.azure_storage_key',
  category: 'secret',
  priority: 100,
  maxLength: 88,
  hint: /AccountKey=|SharedAccessKey=/,
  find: (text) => matches(AZURE_KEY, text, high, 1),
}

/** A SAS token's signature; the `sv=` (signed version) parameter tells it from any other `sig=`. */
const AZURE_SAS = /[?&]sig=([A-Za-z0-9%+/]{30,128}(?:%3D|=){0,2})/dg
const azureSas: Detector = {
  id: 'secret.azure_sas',
  category: 'secret',
  priority: 100,
  maxLength: 140,
  hint: /sig=/,
  find: (text) => matches(AZURE_SAS, text, (m) => (/[?&]sv=\d{4}-\d{2}-\d{2}/.test(around(text, m.index, m.index, 400)) ? 'high' : null), 1),
}

const GITHUB = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/g
const github: Detector = { id: 'secret.github_token', category: 'secret', priority: 100, maxLength: 93, hint: /gh[pousr]_|github_pat_/, find: (text) => matches(GITHUB, text, high) }

const GITLAB = /(?<![A-Za-z0-9_-])(?:(?:glpat|gldt|glrt|glptt|glcbt|glft|glimt|glagent|glsoat|gloas)-[A-Za-z0-9_-]{20,64}(?:\.[A-Za-z0-9_-]{1,16}){0,2}|GR1348941[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/g
const gitlab: Detector = { id: 'secret.gitlab_token', category: 'secret', priority: 100, maxLength: 110, hint: /gl[a-z]{2,6}-|GR1348941/, find: (text) => matches(GITLAB, text, high) }

const SLACK = /(?<![A-Za-z0-9])(?:xox(?:[abposr]|e\.xox[bp])-[A-Za-z0-9-]{10,250}|xapp-\d-[A-Za-z0-9-]{10,250})/g
const slack: Detector = { id: 'secret.slack_token', category: 'secret', priority: 100, maxLength: 262, hint: /xox|xapp-/, find: (text) => matches(SLACK, text, high) }

const SLACK_HOOK = /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]{20,200}/g
const slackWebhook: Detector = {
  id: 'secret.slack_webhook',
  category: 'secret',
  priority: 100,
  maxLength: 240,
  hint: /hooks\.slack\.com/,
  find: (text) => matches(SLACK_HOOK, text, high),
}

const STRIPE = /(?<![A-Za-z0-9_])(?:(?:sk|rk)_(live|test)_[A-Za-z0-9]{20,247}|whsec_[A-Za-z0-9]{32,64})(?![A-Za-z0-9_])/g
const stripe: Detector = {
  id: 'secret.stripe_key',
  category: 'secret',
  priority: 100,
  maxLength: 255,
  hint: /k_live_|k_test_|whsec_/,
  // Test-mode keys reach only test data: reported, but below the default confidence.
  find: (text) => matches(STRIPE, text, (m) => (m[1] === 'test' ? 'low' : 'high')),
}

const OPENAI = /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,300}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})(?![A-Za-z0-9_-])/g
const openai: Detector = { id: 'secret.openai_key', category: 'secret', priority: 100, maxLength: 320, hint: /sk-/, find: (text) => matches(OPENAI, text, high) }

const ANTHROPIC = /(?<![A-Za-z0-9_-])sk-ant-(?:api|admin|oat|ort)\d{2}-[A-Za-z0-9_-]{32,200}(?![A-Za-z0-9_-])/g
const anthropic: Detector = { id: 'secret.anthropic_key', category: 'secret', priority: 100, maxLength: 220, hint: /sk-ant-/, find: (text) => matches(ANTHROPIC, text, high) }

/** Hugging Face, Groq, Replicate, xAI, Perplexity, OpenRouter. */
const AI = /(?<![A-Za-z0-9_-])(?:hf_[A-Za-z]{34}|gsk_[A-Za-z0-9]{52}|r8_[A-Za-z0-9]{37}|xai-[A-Za-z0-9]{80}|pplx-[A-Za-z0-9]{48}|sk-or-v1-[a-f0-9]{64})(?![A-Za-z0-9_-])/g
const aiProvider: Detector = {
  id: 'secret.ai_api_key',
  category: 'secret',
  priority: 100,
  maxLength: 84,
  hint: /hf_|gsk_|r8_|xai-|pplx-|sk-or-/,
  find: (text) => matches(AI, text, high),
}

/** Three base64url parts whose first two start like JSON (`{"` → eyJ, `{ `/`{\n` → ew…). */
const JWT = /(?<![A-Za-z0-9_-])e[wy][A-Za-z0-9_-]{8,4096}\.e[wy][A-Za-z0-9_-]{8,8192}\.[A-Za-z0-9_-]{0,2048}(?![A-Za-z0-9_-])/g

function jsonHeader(segment: string): boolean {
  try {
    const b64 = segment.replace(/-/g, '+').replace(/_/g, '/')
    const header = JSON.parse(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))) as unknown
    return typeof header === 'object' && header !== null && typeof (header as Record<string, unknown>)['alg'] === 'string'
  } catch {
    return false
  }
}

const jwt: Detector = {
  id: 'secret.jwt',
  category: 'secret',
  priority: 90,
  maxLength: 14_400,
  hint: /\.e[wy]/,
  find: (text) => matches(JWT, text, (m) => (jsonHeader(m[0].slice(0, m[0].indexOf('.'))) ? 'high' : null)),
}

/**
 * BEGIN line, then the armoured body (base64, whitespace, `\n` escapes, header lines) up to END.
 * Without its END line (a truncated key) the body is still taken: a partial key still leaks.
 */
const PEM = /-----BEGIN [A-Z0-9 ]{0,24}PRIVATE KEY(?: BLOCK)?-----(?:[A-Za-z0-9+/=\s:,.]|\\[nrt]|-(?!----)){0,12000}(?:-----END [A-Z0-9 ]{0,24}PRIVATE KEY(?: BLOCK)?-----)?/g
const privateKey: Detector = { id: 'secret.private_key', category: 'secret', priority: 95, maxLength: 12_100, hint: /-----BEGIN /, find: (text) => matches(PEM, text, high) }

/** `scheme://user:password@host`: database URLs in error messages are a classic leak. */
const URL_PASSWORD = /(?<![A-Za-z0-9+.-])[a-z][a-z0-9+.-]{1,19}:\/\/[^\s:/@"'<>]{1,64}:([^\s:/@"'<>]{1,128})@[A-Za-z0-9[]/dg
const urlPassword: Detector = {
  id: 'secret.url_password',
  category: 'secret',
  priority: 70,
  maxLength: 128,
  hint: /:\/\//,
  find: (text) => matches(URL_PASSWORD, text, (m) => (isPlaceholder(m[1] ?? '') || m[1] === 'pass' || m[1] === 'pw' ? 'low' : 'medium'), 1),
}

/** Names whose value is a credential; the name must END with one (`token_type` is not one). */
const KEYWORD = 'pass(?:word|wd|phrase)?|pwd|secret|token|api[_.-]?key|apikey|access[_.-]?key|private[_.-]?key|client[_.-]?secret|auth[_.-]?key|credentials?|signing[_.-]?key'
const SECRET_NAME = new RegExp(`(?:^|_)(?:${KEYWORD.replace(/\[_\.-\]\?/g, '_?')})s?$`)
const PASSWORD_NAME = /pass|pwd/
/** Names that end in "token" but hold pagination or anti-forgery state, not credentials. */
const NOT_SECRET = /(?:page|next|prev|previous|continuation|sync|cursor|csrf|xsrf|resume|delta|etag)_?(?:token|key)$/
/** `name = value`, `name: value`, `"name": "value"`: group 1 the name (from a boundary), group 2 the value. */
const ASSIGNMENT = new RegExp(`(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]{0,40}?(?:${KEYWORD}))["']?[ \\t]{0,3}[:=][ \\t]{0,3}["']?([^\\s"'\`,;&<>{}()\\[\\]\\\\]{4,256})`, 'dgi')

/** A credential-looking value: passwords need two character classes, keys and tokens entropy too. */
function credentialValue(value: string, password: boolean): Confidence | null {
  if (isPlaceholder(value) || /\s/.test(value)) return null
  if (password) return value.length >= 6 && charClasses(value) >= 2 ? 'medium' : null
  return value.length >= 16 && charClasses(value) >= 2 && entropy(value) >= 3 ? 'medium' : null
}

/** The JSON member name decides for a whole string value; inside text, each `name=value` pair does. */
function assignments(text: string, ctx: ScanContext): Match[] {
  if (keyIs(ctx, SECRET_NAME) && !keyIs(ctx, NOT_SECRET)) {
    const c = credentialValue(text, keyIs(ctx, PASSWORD_NAME))
    if (c) return [{ start: 0, end: text.length, confidence: c }]
  }
  if (text.indexOf('=') < 0 && text.indexOf(':') < 0) return []
  return matches(
    ASSIGNMENT,
    text,
    (m) => {
      const name = snakeName(m[1] ?? '')
      return NOT_SECRET.test(name) ? null : credentialValue(m[2] ?? '', PASSWORD_NAME.test(name))
    },
    2,
  )
}

const assignment: Detector = {
  id: 'secret.assignment',
  category: 'secret',
  priority: 10,
  maxLength: 256,
  minLength: 4,
  hint: /[=:]/,
  keyHint: SECRET_NAME,
  find: assignments,
}

export const SECRET_DETECTORS: readonly Detector[] = [
  awsAccessKey,
  awsSecretKey,
  gcpKey,
  azureStorageKey,
  azureSas,
  github,
  gitlab,
  slack,
  slackWebhook,
  stripe,
  openai,
  anthropic,
  aiProvider,
  jwt,
  privateKey,
  urlPassword,
  assignment,
]
