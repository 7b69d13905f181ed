/** @jsxImportSource hono/jsx */
/**
 * @module The console's page shell: navigation, sign-out form (CSRF token), the stylesheet and script from 'self'.
 *
 * Every dynamic value in every view is a JSX child or attribute, which hono/jsx escapes; no view
 * uses `raw()` or `dangerouslySetInnerHTML`. Links are built from a fixed base and
 * `encodeURIComponent`, so no value can choose a scheme (`javascript:`).
 */
import type { Child } from 'hono/jsx'

export type Page = {
  readonly base: string
  readonly csrf: string
  readonly operator: string
  readonly active: 'overview' | 'feed' | 'agent' | 'pins'
}

export const agentHref = (base: string, id: string) => `${base}/agents/${encodeURIComponent(id)}`
export const feedHref = (base: string, q: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v))
  const s = params.toString()
  return `${base}/events${s ? `?${s}` : ''}`
}

export const when = (t: number) => new Date(t).toISOString().replace('T', ' ').slice(0, 19)

export function CsrfField(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />
}

export function Shell(props: { title: string; base: string; children?: Child; page?: Page | undefined; live?: boolean }) {
  const p = props.page
  const base = props.base
  const tab = (key: Page['active'], href: string, label: string) => (
    <a href={href} class={p?.active === key ? 'on' : ''}>
      {label}
    </a>
  )
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} · Tollgate console`}</title>
        <link rel="stylesheet" href={`${base}/assets/console.css`} />
        <link rel="icon" href={`${base}/assets/icon.svg`} />
        <script src={`${base}/assets/console.js`} defer></script>
      </head>
      <body data-live-refresh={props.live ? 'on' : 'off'}>
        <header>
          <span class="brand">Tollgate</span>
          {p ? (
            <>
              <nav>
                {tab('overview', base, 'Overview')}
                {tab('feed', `${base}/events`, 'Live feed')}
                {tab('pins', `${base}/pins`, 'MCP pins')}
              </nav>
              <span class="muted">{p.operator}</span>
              <form method="post" action={`${base}/logout`}>
                <CsrfField token={p.csrf} />
                <button type="submit">Sign out</button>
              </form>
            </>
          ) : null}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  )
}

export function Flash(props: { ok?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {props.ok ? <p class="okmsg">{props.ok}</p> : null}
      {props.error ? <p class="error">{props.error}</p> : null}
    </>
  )
}
