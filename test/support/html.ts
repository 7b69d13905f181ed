/**
 * @module Structural checks that rendered console HTML is inert: every tag and attribute is one the
 * console itself writes, no event handler or style attribute exists, every URL is same-origin.
 * A payload that escaped its context would show up as an unexpected tag or attribute.
 */
import { expect } from 'vitest'

const TAGS = new Set([
  'html', 'head', 'meta', 'title', 'link', 'script', 'body', 'header', 'span', 'nav', 'a', 'form', 'input', 'button', 'main', 'h1', 'h2', 'p',
  'section', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'meter', 'figure', 'svg', 'line', 'text', 'g', 'rect', 'ul', 'li',
  'select', 'option', 'label', 'pre', 'code',
])
const ATTRIBUTES = new Set([
  'lang', 'charset', 'name', 'content', 'rel', 'href', 'src', 'defer', 'data-live-refresh', 'class', 'method', 'action', 'type', 'value', 'id',
  'for', 'autocomplete', 'required', 'maxlength', 'placeholder', 'data-autosubmit', 'selected', 'aria-label', 'data-confirm', 'min', 'max',
  'viewbox', 'role', 'x1', 'y1', 'x2', 'y2', 'x', 'y', 'width', 'height', 'text-anchor',
])
const URL_ATTRIBUTES = new Set(['href', 'src', 'action'])

export type Tag = { name: string; attributes: Array<[string, string]> }

export function tagsOf(html: string): Tag[] {
  const out: Tag[] = []
  for (const m of html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const attributes: Array<[string, string]> = []
    for (const a of (m[2] ?? '').matchAll(/([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      attributes.push([(a[1] ?? '').toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ''])
    }
    out.push({ name: (m[1] ?? '').toLowerCase(), attributes })
  }
  return out
}

const decode = (s: string) => s.replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/&#(\d+);?/g, (_, d) => String.fromCharCode(Number(d))).replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')

/** Asserts the page has only the console's own markup, one script (ours), and same-origin URLs under `base`. */
export function expectInert(html: string, base: string): void {
  const tags = tagsOf(html)
  for (const t of tags) {
    expect(TAGS, `unexpected <${t.name}>`).toContain(t.name)
    for (const [name, value] of t.attributes) {
      expect(ATTRIBUTES, `unexpected attribute ${name} on <${t.name}>`).toContain(name)
      if (URL_ATTRIBUTES.has(name)) {
        const url = decode(value).replace(/[\s\u0000-\u001f]/g, '')
        expect(url.startsWith(`${base}/`) || url === base, `${name}=${value} leaves the console`).toBe(true)
        expect(url.toLowerCase()).not.toContain('javascript:')
      }
    }
  }
  const scripts = tags.filter((t) => t.name === 'script')
  expect(scripts).toHaveLength(1)
  expect(scripts[0]?.attributes.find(([n]) => n === 'src')?.[1]).toBe(`${base}/assets/console.js`)
  // Closing tags can only be ours too (a payload's </script> or </title> would be raw here).
  for (const m of html.matchAll(/<\/([a-zA-Z][a-zA-Z0-9-]*)\s*>/g)) expect(TAGS).toContain((m[1] ?? '').toLowerCase())
  expect(html).not.toMatch(/<!--|<!\[CDATA\[/)
}

/** Payload shapes that break out of text, attributes, URLs, SVG, script and CSS contexts. */
export const XSS_PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' autofocus onfocus='alert(1)",
  'javascript:alert(1)',
  '</title><script>alert(1)</script>',
  '</text><svg onload=alert(1)>',
  '</script><script>alert(1)</script>',
  'x" style="background:url(javascript:alert(1))',
  '</style><style>*{display:none}</style>',
  '<a href="javascript:alert(1)">click</a>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<!--<img src=x onerror=alert(1)>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
] as const
