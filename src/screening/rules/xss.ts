/** @module Cross-site scripting rules (XSS-*), read on the plain view (decoded, NFKC, lower-case), so entity- and percent-encoded payloads match too. */
import type { Rule } from '../types'
import { any, rule } from './define'

// Event-handler attribute names (HTML, SVG, legacy IE). A prefix list, not "on\w+=", so
// "onion=" or "online=true" in a query string do not match.
const EVENT = `on${any('abort', 'activate', 'after', 'animation', 'auxclick', 'before', 'begin', 'blur', 'bounce', 'can', 'change', 'click', 'close', 'content', 'context', 'copy', 'cue', 'cut', 'dblclick', 'drag', 'drop', 'duration', 'emptied', 'end', 'error', 'filterchange', 'finish', 'focus', 'form', 'fullscreen', 'hashchange', 'help', 'input', 'invalid', 'key', 'load', 'lose', 'message', 'mouse', 'move', 'offline', 'online', 'page', 'paste', 'pause', 'play', 'pointer', 'popstate', 'progress', 'property', 'ratechange', 'readystate', 'repeat', 'reset', 'resize', 'row', 'scroll', 'search', 'seek', 'select', 'show', 'stalled', 'start', 'storage', 'submit', 'suspend', 'timeupdate', 'toggle', 'touch', 'transition', 'unload', 'volume', 'waiting', 'webkit', 'wheel', 'zoom', 'xxx')}[a-z]{0,24}`
// Separators browsers accept between a tag name or attributes: whitespace, "/", quotes.
const SEP = `[\\s/"'\`]`

export const XSS_RULES: readonly Rule[] = [
  rule('XSS-001', 'xss', 0.9, 'plain',
    'A <script> element with content, a src, or a closing tag (prose that merely names "the <script> tag" does not match).',
    `<\\s{0,3}script\\b[^>]{0,300}(?:\\bsrc\\s{0,3}=|>\\s{0,20}(?:[a-z_$][\\w$.]{0,60}\\s{0,5}[(\`=[:]|<\\s{0,3}/\\s{0,3}script|["'\\\\;{/]))|<\\s{0,3}/\\s{0,3}script\\s{0,3}>`),
  rule('XSS-002', 'xss', 0.9, 'plain',
    'Event-handler attribute inside a tag: <img src=x onerror=…>, <svg/onload=…>, <body onpageshow=…>.',
    `<[a-z!?][^>]{0,400}${SEP}${EVENT}\\s{0,5}=`),
  rule('XSS-003', 'xss', 0.75, 'plain',
    'Attribute breakout into an event handler: "" onmouseover=alert(1)", \' onfocus=\'….',
    `(?:^|["'\`;\\s/])${EVENT}\\s{0,5}=\\s{0,5}["'\`]?\\s{0,5}(?:[a-z_$][\\w$.]{0,40}\\s{0,3}[(\`=]|javascript|alert|prompt|confirm|eval|\\[|\\{|top|self|window|document|location|this)`),
  rule('XSS-004', 'xss', 0.85, 'plain',
    'Script-scheme URL: javascript:, vbscript:, livescript: (tabs and newlines inside the word are tolerated, as browsers do).',
    `(?:^|[^a-z])(?:j\\s{0,3}a\\s{0,3}v\\s{0,3}a|v\\s{0,3}b|l\\s{0,3}i\\s{0,3}v\\s{0,3}e)\\s{0,3}s\\s{0,3}c\\s{0,3}r\\s{0,3}i\\s{0,3}p\\s{0,3}t\\s{0,3}:(?:[^\\s]|\\s{1,3}[a-z_$]{1,40}\\s{0,3}[(\`])`),
  rule('XSS-005', 'xss', 0.85, 'plain',
    'srcdoc attributes and data: URLs that carry HTML, SVG or script (iframe srcdoc, data:text/html;base64,…).',
    `\\bsrcdoc\\s{0,3}=|\\bdata\\s{0,3}:\\s{0,3}(?:text/html|image/svg\\+xml|text/xml|application/(?:x-)?(?:javascript|ecmascript|xhtml\\+xml)|text/(?:java|ecma|vb)script)[;,]`),
  rule('XSS-006', 'xss', 0.7, 'plain',
    'Active or dangerous elements: <iframe>, <object>, <embed>, <svg>, <math>, <base href>, <meta http-equiv=refresh>, <link rel=import>, <applet>, <frameset> (prose that names "the <iframe> tag" does not match).',
    `<\\s{0,3}(?:(?:iframe|object|embed|applet|frameset|frame|svg|math|isindex|xml:namespace|\\?import|xss|template|portal|animate|set|use|handler|x:script|layer|ilayer|bgsound|style|v:\\w{1,20}|marquee)(?:[\\s/]|>(?!\\s{0,3}(?:tags?|elements?)\\b))|base\\s{1,5}href|meta\\s[^>]{0,200}http-equiv|link\\s[^>]{0,200}rel\\s{0,3}=\\s{0,3}["']?(?:import|stylesheet))`),
  rule('XSS-007', 'xss', 0.75, 'plain',
    'JavaScript sinks and gadgets typical of payloads: alert(…), alert`…`, document.cookie, String.fromCharCode, eval(atob(…)), CSS expression().',
    `(?:(?:^|[^a-z0-9_.])(?:(?:alert|confirm|prompt|execscript|msgbox)\\s{0,3}(?:\\(|\`|\\.call|\\.apply)|(?:eval|settimeout|setinterval)\\s{0,3}\\(\\s{0,3}(?:atob|unescape|decodeuri|string|location|name|document|window|this|top|self|['"\`/]))|document\\s{0,2}\\.\\s{0,2}(?:cookie|domain|write|location)|window\\s{0,2}\\.\\s{0,2}location|string\\s{0,2}\\.\\s{0,2}fromcharcode|\\.innerhtml\\s{0,3}=|\\bexpression\\s{0,3}\\(|\\bnew\\s{1,3}function\\b|\\btop\\s{0,2}\\[|\\bconstructor\\s{0,2}\\(|\\bimport\\s{0,2}\\(\\s{0,2}["'\`](?:https?:|//|data:))`),
  rule('XSS-008', 'xss', 0.6, 'plain',
    'Breaking out of an attribute or text context into a new tag: "><img, \'><svg, --><script, ]]><. A quote that closes an attribute opened in the same string (class="card"><img) is ordinary markup.',
    `(?:["'\`](?<!=\\s{0,3}["'\`][^"'\`<>\\n]{0,200}["'\`])\\s{0,5}/?\\s{0,3}>|-->|\\]\\]>|</\\s{0,3}(?:title|textarea|style|noscript|iframe|xmp|plaintext|template)\\s{0,3}>)\\s{0,5}<\\s{0,3}[a-z!/?]`),
  rule('XSS-009', 'xss', 0.6, 'plain',
    'HTML tags carrying URL or style attributes with script-capable values: <a href=…>, <img src=…>, <x style=…>, formaction, xlink:href.',
    `<\\s{0,3}[a-z][a-z0-9:-]{0,20}${SEP}[^>]{0,300}\\b(?:formaction|xlink:href|background|lowsrc|dynsrc|poster|action|style|href|src|data|code|codebase|values|to|from|by|attributename)\\s{0,3}=\\s{0,3}["'\`]?\\s{0,3}(?:[^"'\`\\s>]{0,100}(?:javascript|vbscript|data:|expression|url\\s{0,2}\\(|\\\\|&#|%[0-9a-f]{2}|alert|\\(\\s{0,2}\\d?\\s{0,2}\\))|#|x\\b|/?/?[a-z0-9.-]{1,60}\\.(?:js|swf|svg|htc|xml)\\b)`),
  rule('XSS-010', 'xss', 0.75, 'plain',
    'Reflection probes and CSS script vectors: a field that is only "<" after decoding, -moz-binding, behavior:url(), @import.',
    `^\\s{0,3}<\\s{0,3}$|-moz-binding\\s{0,3}:|\\bbehavior\\s{0,3}:\\s{0,3}url|@import\\s{0,3}["'(u]`),
  rule('XSS-011', 'xss', 0.5, 'plain',
    'The whole field starts with an HTML tag or closing tag (markup where text is expected); flags alone, blocks with any other XSS evidence.',
    `^\\s{0,5}(?:["'\`]{0,3}\\s{0,3}>\\s{0,3})?</?\\s{0,3}[a-z!?][a-z0-9:-]{0,20}(?:[\\s/>]|$)`),
  rule('XSS-012', 'xss', 0.75, 'plain',
    'Bracket-notation access to browser globals, a filter-evasion idiom: window["alert"](…), (document)["cookie"], top[\'al\'+\'ert\'].',
    `\\b(?:window|document|top|parent|frames|globalthis|opener)\\s{0,2}\\)?\\s{0,2}\\[\\s{0,2}["'\`]`),
  rule('XSS-013', 'xss', 0.75, 'plain',
    'XML external entities and XInclude (labelled XSS in CRS): <!ENTITY x SYSTEM "…">, <xi:include href=…>.',
    `!entity\\s{1,5}%?\\s{0,5}[\\w.-]{1,40}\\s{1,5}(?:system|public)\\b|<\\s{0,3}xi:include\\b`),
  rule('XSS-014', 'xss', 0.8, 'plain',
    'Script URL inside CSS url(): style=x:url(javascript…), background:url("vbscript:…").',
    `\\burl\\(\\s{0,3}["'\`]?\\s{0,3}(?:javascript|vbscript|livescript)`),
  rule('XSS-015', 'xss', 0.8, 'plain',
    'UTF-7 encoded markup (+ADw-script+AD4-), which old browsers and charset sniffers decode to <script>.',
    `\\+adw-\\s{0,3}[a-z/!]`),
]
