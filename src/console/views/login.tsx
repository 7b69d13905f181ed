/** @jsxImportSource hono/jsx */
/** @module The sign-in page: ADMIN_TOKEN for a session cookie, or a pointer to Cloudflare Access. */
import { Shell } from './layout'

export function LoginPage(props: { base: string; error?: string | undefined; tokenLogin: boolean; access: boolean }) {
  return (
    <Shell title="Sign in" base={props.base}>
      <div class="login card">
        <h1>Operator console</h1>
        {props.error ? <p class="error">{props.error}</p> : null}
        {props.tokenLogin ? (
          <form method="post" action={`${props.base}/login`}>
            <label for="token">Admin token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" required maxlength={512} />
            <button type="submit">Sign in</button>
          </form>
        ) : null}
        {props.access ? <p class="muted">This console also accepts Cloudflare Access: open it through your Access application.</p> : null}
      </div>
    </Shell>
  )
}
