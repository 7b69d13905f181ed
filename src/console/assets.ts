/**
 * @module The console's only static files, served by the Worker under CSP `'self'`: a stylesheet and a small script.
 *
 * No inline style or script anywhere (the CSP forbids both), so colours in charts are classes
 * here, never style attributes built from data. The script only adds conveniences (auto-refresh
 * of the live feed, confirm on destructive actions, submit-on-change filters); every page works
 * without it.
 */
export const CONSOLE_CSS = `
:root{--bg:#f6f7f9;--fg:#1d2330;--muted:#5b6475;--line:#d9dde5;--card:#fff;--accent:#1f5fbf;--bad:#b42318;--warn:#b54708;--ok:#067647}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:var(--bg);color:var(--fg)}
header{background:#111827;color:#fff;padding:0 20px;display:flex;align-items:center;gap:24px;height:48px}
header .brand{font-weight:700;letter-spacing:.02em}header nav{display:flex;gap:4px;flex:1}
header a{color:#cbd5e1;text-decoration:none;padding:6px 10px;border-radius:6px}header a.on,header a:hover{background:#1f2937;color:#fff}
header form{margin:0}header button{background:none;border:1px solid #4b5563;color:#e5e7eb;border-radius:6px;padding:4px 10px;cursor:pointer}
main{padding:20px;max-width:1280px;margin:0 auto}h1{font-size:20px;margin:0 0 12px}h2{font-size:15px;margin:0 0 8px}
.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;margin-bottom:16px;overflow-x:auto}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top;overflow-wrap:break-word}\ntd.mono{overflow-wrap:anywhere}
th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em;white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.muted{color:var(--muted)}.notice{border-left:4px solid var(--warn);background:#fffaeb;padding:8px 12px;margin-bottom:16px;border-radius:4px}
.error{border-left:4px solid var(--bad);background:#fef3f2;padding:8px 12px;margin-bottom:16px;border-radius:4px}
.okmsg{border-left:4px solid var(--ok);background:#ecfdf3;padding:8px 12px;margin-bottom:16px;border-radius:4px}
.pill{display:inline-block;padding:1px 8px;border-radius:999px;font-size:12px;background:#eef2f6;border:1px solid var(--line)}
.pill.bad{background:#fef3f2;color:var(--bad);border-color:#fecdca}.pill.ok{background:#ecfdf3;color:var(--ok);border-color:#abefc6}
form.inline{display:inline-flex;gap:6px;align-items:center;flex-wrap:wrap;margin:0 8px 8px 0}
input,select,button{font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px;background:#fff}
button{cursor:pointer;background:var(--accent);color:#fff;border-color:var(--accent)}button.danger{background:var(--bad);border-color:var(--bad)}
button.secondary{background:#fff;color:var(--fg)}
.filters{display:flex;gap:8px;flex-wrap:wrap;align-items:end;margin-bottom:12px}.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
.side{display:grid;grid-template-columns:1fr 1fr;gap:12px}.side pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f8fafc;border:1px solid var(--line);padding:8px;border-radius:6px;max-height:360px;overflow:auto;margin:0}
.bar{height:8px;background:#eef2f6;border-radius:4px;overflow:hidden;min-width:80px}
svg.chart{width:100%;height:auto;max-width:760px}svg.chart text{font:11px system-ui,sans-serif;fill:var(--muted)}svg.chart .axis{stroke:var(--line)}
.s0{fill:#d92d20}.s1{fill:#f79009}.s2{fill:#7a5af8}.s3{fill:#1570ef}.s4{fill:#12b76a}.s5{fill:#ee46bc}.s6{fill:#667085}.s7{fill:#0e9384}
.k0{background:#d92d20}.k1{background:#f79009}.k2{background:#7a5af8}.k3{background:#1570ef}.k4{background:#12b76a}.k5{background:#ee46bc}.k6{background:#667085}.k7{background:#0e9384}
.legend{display:flex;flex-wrap:wrap;gap:10px;list-style:none;padding:0;margin:6px 0 0}.legend li{display:flex;align-items:center;gap:5px;font-size:12px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px}
.login{max-width:380px;margin:80px auto}.login input{width:100%;margin:6px 0 12px}
`.trim()

export const CONSOLE_JS = `
'use strict';
(function () {
  var live = document.querySelector('[data-live-refresh]');
  if (live && live.getAttribute('data-live-refresh') === 'on') {
    setTimeout(function () { location.reload(); }, 5000);
  }
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form && form.getAttribute && form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) e.preventDefault();
  });
  document.querySelectorAll('select[data-autosubmit]').forEach(function (s) {
    s.addEventListener('change', function () { if (s.form) s.form.submit(); });
  });
})();
`.trim()

/** Served so browsers do not ask the gateway for /favicon.ico (which would be an unauthenticated denial). */
export const CONSOLE_ICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#111827"/><path d="M3 5h10v2H9v6H7V7H3z" fill="#fff"/></svg>'
