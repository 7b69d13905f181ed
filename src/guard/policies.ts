/**
 * @module The named windows of an agent (burst, minute, day, cost-minute, cost-day). Pure.
 *
 * Geometry is fixed per name, so a tier change only changes limits and the stored rings stay
 * valid. k trades state size for accuracy: under-admission is bounded by one sub-bucket (W / k).
 */
import type { AgentLimits } from './protocol'
import type { WindowGeometry } from './window'

export type PolicyName = 'burst' | 'minute' | 'day' | 'cost-minute' | 'cost-day'

export type PolicySpec = WindowGeometry & {
  readonly name: PolicyName
  /** 'requests' windows charge 1 per request; 'cost' windows charge the endpoint's weight. */
  readonly unit: 'requests' | 'cost'
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const DAY = 24 * 60 * MINUTE

/** Every window the guard knows, in the order verdicts list them. */
export const POLICY_SPECS: readonly PolicySpec[] = [
  { name: 'burst', unit: 'requests', windowMs: SECOND, buckets: 10 }, // g = 100 ms
  { name: 'minute', unit: 'requests', windowMs: MINUTE, buckets: 60 }, // g = 1 s
  { name: 'day', unit: 'requests', windowMs: DAY, buckets: 144 }, // g = 10 min
  { name: 'cost-minute', unit: 'cost', windowMs: MINUTE, buckets: 60 }, // g = 1 s
  { name: 'cost-day', unit: 'cost', windowMs: DAY, buckets: 144 }, // g = 10 min
]

/** A window in force for this request: its spec and the limit resolved by the Worker. */
export type ActivePolicy = { readonly spec: PolicySpec; readonly limit: number }

/** The windows in force under `limits`; cost-day only when the tier sets it. */
export function activePolicies(limits: AgentLimits): ActivePolicy[] {
  const out: ActivePolicy[] = []
  for (const spec of POLICY_SPECS) {
    const limit = limitOf(spec.name, limits)
    if (limit !== undefined) out.push({ spec, limit })
  }
  return out
}

function limitOf(name: PolicyName, limits: AgentLimits): number | undefined {
  switch (name) {
    case 'burst':
      return limits.burst
    case 'minute':
      return limits.rpm
    case 'day':
      return limits.daily
    case 'cost-minute':
      return limits.costPerMinute
    case 'cost-day':
      return limits.costPerDay
  }
}

/** Weight a request puts on a window. */
export const weightOf = (spec: PolicySpec, cost: number): number => (spec.unit === 'cost' ? cost : 1)
