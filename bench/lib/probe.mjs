/**
 * @module The bench body must be admitted, or the bench measures a denial. This probe sends the
 * ~1 KB order once through a throwaway Tollgate; if screening blocks it (a false positive on
 * benign data), it reads the blocking rule ids from the decision log and returns them, so the
 * runs can put exactly those rules in shadow mode (SCREENING_RULE_MODES = "log"). Shadow rules
 * still run on every request, so the measured work is the same; the result is reported loudly.
 */
import { join } from 'node:path'
import { send } from './http.mjs'
import { stopProcess } from './procs.mjs'
import { freePort, log, startWorkerd, writeCapnp } from './setup.mjs'
import { mint, ORDER_BODY, setRunOverrides, tollgateBindings } from './tollgate.mjs'

export async function shadowRulesFor({ tollgate, wrangler, origin, key, dir }) {
  const port = await freePort()
  const shadowed = []
  for (let attempt = 0; attempt < 5; attempt++) {
    const modes = { ...(wrangler.vars.SCREENING_RULE_MODES ?? {}), ...Object.fromEntries(shadowed.map((r) => [r, 'log'])) }
    const cfg = writeCapnp(join(dir, 'probe.capnp'), [
      { name: 'probe', module: tollgate.bundle, port, bindings: tollgateBindings(wrangler, { originUrl: origin.url, jwks: key.jwks, overrides: { SCREENING_RULE_MODES: modes } }), durableObjects: wrangler.durableObjects, storageDir: join(dir, `do-probe-${attempt}`), compatibilityDate: wrangler.compatibilityDate, compatibilityFlags: wrangler.compatibilityFlags },
    ])
    const workerd = await startWorkerd(cfg, [port], { label: 'workerd-probe' })
    try {
      const id = `probe-${Date.now().toString(36)}-${attempt}`
      const r = await send(`http://127.0.0.1:${port}/api/bench/orders`, { method: 'POST', body: ORDER_BODY, headers: { authorization: `Bearer ${await mint(key, { sub: 'probe-agent' })}`, 'content-type': 'application/json', 'x-request-id': id }, timeoutMs: 15_000 })
      if (r.status === 200) return shadowed
      const code = /"code":"([A-Z0-9_]+)"/.exec(r.body ?? '')?.[1]
      if (code !== 'INPUT_REJECTED') throw new Error(`probe: the bench order was refused with ${r.status ?? r.error} ${r.body ?? ''}`)
      const line = workerd.stdout.split('\n').find((l) => l.includes(id) && l.includes('"ruleIds"'))
      const ids = line ? JSON.parse(line).ruleIds ?? [] : []
      const fresh = ids.filter((x) => !shadowed.includes(x))
      if (fresh.length === 0) throw new Error(`probe: screening blocked the bench order and no rule id could be read from the decision log (${line ?? 'no line'})`)
      shadowed.push(...fresh)
    } finally {
      await stopProcess(workerd)
    }
  }
  throw new Error(`probe: the bench order is still blocked with ${shadowed.join(', ')} in shadow mode`)
}

/** The SCREENING_RULE_MODES override for the shadowed rules (empty when none). */
export function shadowOverrides(wrangler, shadowed) {
  return shadowed.length === 0 ? {} : { SCREENING_RULE_MODES: { ...(wrangler.vars.SCREENING_RULE_MODES ?? {}), ...Object.fromEntries(shadowed.map((r) => [r, 'log'])) } }
}

/**
 * Runs the probe and, if screening blocked the benign bench order, puts the offending rules in
 * shadow mode for this run (with a loud warning), so the bench measures cost, not a false positive.
 */
export async function shadowFalsePositives(args) {
  const shadowed = await shadowRulesFor(args)
  if (shadowed.length > 0) {
    setRunOverrides(shadowOverrides(args.wrangler, shadowed))
    log(`WARNING: screening blocked the benign bench order (false positive: ${shadowed.join(', ')}); these rules run in shadow mode (SCREENING_RULE_MODES = "log") for this run`)
  }
  return shadowed
}
