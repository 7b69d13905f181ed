import { loadProxy, itemsOf } from './screening/proxy'
import { screenTexts } from '../src/screening/screen'
const split = process.argv[2] ?? 'dev'
const show = process.argv.includes('--show')
const fam = new Map<string, { n: number; hit: number; label: string }>()
for (const c of loadProxy().filter((c) => c.split === split)) {
  const r = screenTexts(itemsOf(c))
  const k = `${c.label === 'benign' ? 'benign' : 'attack'}\t${c.family}`
  const x = fam.get(k) ?? { n: 0, hit: 0, label: c.label }
  x.n++
  const blocked = r.verdict === 'block'
  if (blocked) x.hit++
  fam.set(k, x)
  if (show && (c.label === 'benign') === blocked) console.log(`${c.label === 'benign' ? 'FP' : 'MISS'} ${r.score.toFixed(2)} [${[...new Set(r.findings.map((f) => f.ruleId + ':' + f.weight))].join(',')}] ${JSON.stringify((c.text ?? c.fields!.map((f) => f.text).join(' | ')).slice(0, 160))}`)
}
let A = 0, AH = 0, Bn = 0, BH = 0
for (const [k, x] of [...fam].sort()) { console.log(k.padEnd(40), x.n, (100 * x.hit / x.n).toFixed(0) + '%'); if (k.startsWith('attack')) { A += x.n; AH += x.hit } else { Bn += x.n; BH += x.hit } }
console.log(`attacks blocked ${(100 * AH / A).toFixed(1)}% of ${A}; benign blocked ${(100 * BH / Bn).toFixed(1)}% of ${Bn}`)
