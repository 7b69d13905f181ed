/** @module Every detector, in one table; policy keys are checked against it at configuration load. Pure. */
import { NATIONAL_ID_DETECTORS } from './detectors/national-ids'
import { PII_DETECTORS } from './detectors/pii'
import { SECRET_DETECTORS } from './detectors/secrets'
import type { Detector } from './types'

export const DETECTORS: readonly Detector[] = [...SECRET_DETECTORS, ...PII_DETECTORS, ...NATIONAL_ID_DETECTORS]

/** Every dot-prefix of every detector id (`pii`, `pii.national_id`, `pii.national_id.us_ssn`). */
export const POLICY_KEYS: ReadonlySet<string> = new Set(
  DETECTORS.flatMap((d) => d.id.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))),
)

/** The longest span any detector reports: the streaming window must be at least this. */
export const MAX_MATCH_LENGTH = Math.max(...DETECTORS.map((d) => d.maxLength))
