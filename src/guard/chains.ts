/**
 * @module Sensitive chains: an ordered list of endpoints completed within a time window, with any
 * other requests in between (the seed's aggregation attack: users/me → orders → reviews). Pure.
 *
 * For a chain of k steps the state is k start times: starts[i] is the latest start of a partial
 * match that has reached step i. A request on step i extends the match that reached step i − 1
 * (keeping its start), so the latest start, which is the one most likely to finish inside the
 * window, always wins. O(k) per request and per chain, whatever the traffic.
 */

export type ChainSpec = {
  readonly name: string
  readonly steps: readonly string[]
  readonly windowMs: number
}

/** Epoch seconds of the latest partial match per step, or null. */
export type ChainProgress = readonly (number | null)[]

/**
 * Advances one chain by one request. `completed` is true when this request finished the chain
 * inside the window; the progress is then cleared, so one walk fires once.
 */
export function stepChain(
  chain: ChainSpec,
  progress: ChainProgress | undefined,
  endpoint: string,
  t: number,
): { readonly progress: ChainProgress | undefined; readonly completed: boolean } {
  const k = chain.steps.length
  const nowS = Math.floor(t / 1000)
  const windowS = Math.ceil(chain.windowMs / 1000)
  // Matches whose start left the window can never complete: forget them.
  const starts = Array.from({ length: k }, (_, i) => {
    const s = progress?.[i] ?? null
    return s !== null && nowS - s <= windowS ? s : null
  })
  let completed = false
  // From the last step down, so one request never advances a match by two steps.
  for (let i = k - 1; i >= 0; i--) {
    if (chain.steps[i] !== endpoint) continue
    const start = i === 0 ? nowS : (starts[i - 1] ?? null)
    if (start === null) continue
    if (i === k - 1) completed = true
    else starts[i] = Math.max(starts[i] ?? start, start)
  }
  if (completed) return { progress: undefined, completed: true }
  return { progress: starts.every((s) => s === null) ? undefined : starts, completed: false }
}
