/**
 * @module The client's address as the edge saw it, and the key failures are counted under. Pure.
 *
 * `cf-connecting-ip` is set by Cloudflare's edge (and by wrangler dev locally). Where the Worker
 * is not behind Cloudflare a client could send its own, so per-address limits are a courtesy there
 * and the overall limit is the one that holds (docs/console.md, "Brute-force limit").
 */
export function clientAddress(headers: Headers): string {
  const raw = headers.get('cf-connecting-ip')?.trim() ?? ''
  return /^[0-9A-Fa-f:.]{2,45}$/.test(raw) ? raw.toLowerCase() : 'unknown'
}

/** IPv4 as is; IPv6 by its /64, since one host usually holds a whole /64 (RFC 6177). */
export function addressKey(address: string): string {
  if (!address.includes(':')) return address
  const [head = '', tail = ''] = address.split('::', 2)
  const left = head ? head.split(':') : []
  const right = address.includes('::') && tail ? tail.split(':') : []
  const groups = address.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left
  return `${groups.slice(0, 4).map((g) => (g === '' ? '0' : g.replace(/^0+(?=.)/, ''))).join(':')}::/64`
}
