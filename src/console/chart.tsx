/** @jsxImportSource hono/jsx */
/**
 * @module Server-side SVG charts: stacked bars of denials over time by code. Pure rendering, no script.
 *
 * Labels are JSX text, so hono/jsx escapes them; colours are classes from the stylesheet (`s0`…`s7`),
 * never style attributes, so no value can reach CSS. Geometry is computed from numbers only.
 */
import type { SeriesPoint } from './summary'

const W = 720
const H = 200
const PAD = { left: 36, right: 8, top: 8, bottom: 24 }
export const PALETTE_SIZE = 8

/** The class of the i-th code by volume; codes past the palette share the last colour. */
export const colourClass = (i: number, prefix: 's' | 'k' = 's'): string => `${prefix}${Math.min(i, PALETTE_SIZE - 1)}`

const clock = (t: number) => new Date(t).toISOString().slice(11, 16)

export function StackedBars(props: { buckets: readonly number[]; bucketMs: number; series: readonly SeriesPoint[]; codes: readonly string[]; title: string }) {
  const { buckets, bucketMs, series, codes } = props
  const index = new Map(codes.map((c, i) => [c, i]))
  const totals = buckets.map((t) => series.filter((p) => p.t === t).reduce((s, p) => s + p.count, 0))
  const max = Math.max(1, ...totals)
  const plotW = W - PAD.left - PAD.right
  const plotH = H - PAD.top - PAD.bottom
  const slot = plotW / Math.max(1, buckets.length)
  const barW = Math.max(2, slot * 0.7)
  return (
    <figure>
      <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.title}>
        <title>{props.title}</title>
        <line class="axis" x1={PAD.left} y1={PAD.top + plotH} x2={W - PAD.right} y2={PAD.top + plotH} />
        <text x={PAD.left - 4} y={PAD.top + 10} text-anchor="end">{max}</text>
        <text x={PAD.left - 4} y={PAD.top + plotH} text-anchor="end">0</text>
        {buckets.map((t, i) => {
          let y = PAD.top + plotH
          const x = PAD.left + i * slot + (slot - barW) / 2
          const points = series.filter((p) => p.t === t).sort((a, b) => (index.get(a.code) ?? 99) - (index.get(b.code) ?? 99))
          return (
            <g>
              {points.map((p) => {
                const h = (p.count / max) * plotH
                y -= h
                return (
                  <rect class={colourClass(index.get(p.code) ?? PALETTE_SIZE)} x={x.toFixed(1)} y={y.toFixed(1)} width={barW.toFixed(1)} height={Math.max(0.5, h).toFixed(1)}>
                    <title>{`${p.code}: ${p.count} (${clock(t)}–${clock(t + bucketMs)} UTC)`}</title>
                  </rect>
                )
              })}
              {i % 2 === 0 ? (
                <text x={(x + barW / 2).toFixed(1)} y={H - 6} text-anchor="middle">
                  {clock(t)}
                </text>
              ) : null}
            </g>
          )
        })}
      </svg>
      <ul class="legend">
        {codes.map((c, i) => (
          <li>
            <span class={`swatch ${colourClass(i, 'k')}`}></span>
            {c}
          </li>
        ))}
      </ul>
    </figure>
  )
}
