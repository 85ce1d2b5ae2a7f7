/**
 * The card's look (the panels bring theirs, in `panels.ts`). A few
 * `--stripe-reconnect-*` custom properties set the palette; muted text is
 * mixed from the text and background colours, and borders are translucent,
 * so they suit any background. Each default has a light and a dark value,
 * picked by the `color-scheme` the element inherits from the page: a page
 * that declares no dark scheme keeps the element light whatever the system
 * says, one with `color-scheme: light dark` follows `prefers-color-scheme`,
 * and `theme="dark"` / `theme="light"` forces one.
 */
import { unsafeCSS } from 'lit';

// A constant of this module, so `unsafeCSS` is safe here; it spares the bundle the `css` tag's checks.
export const styles = unsafeCSS(`
:host{--_fg:var(--stripe-reconnect-color,light-dark(#1a1f36,#e6e9f0));
--_bg:var(--stripe-reconnect-background,light-dark(#fff,#171b26));
--_accent:var(--stripe-reconnect-accent-color,light-dark(#635bff,#a29dff));
--_ok:var(--stripe-reconnect-success-color,light-dark(#0a7c42,#4cd68a));
--_bad:var(--stripe-reconnect-danger-color,light-dark(#c0123c,#ff8a9c));
--_off:var(--stripe-reconnect-neutral-color,light-dark(#697386,#98a2b3));
--_warn:var(--stripe-reconnect-warning-color,light-dark(#8a5300,#f2b65a));
--_muted:color-mix(in srgb,var(--_fg) 72%,var(--_bg));
display:block;color:var(--_fg);font:14px/1.45 var(--stripe-reconnect-font-family,system-ui,sans-serif)}
:host([theme=dark]){color-scheme:dark}
:host([theme=light]){color-scheme:light}
:host([hidden]){display:none}
section{display:grid;gap:10px;padding:14px 16px;background:var(--_bg);border:1px solid #8885;border-radius:var(--stripe-reconnect-radius,10px)}
header,.row{display:flex;flex-wrap:wrap;align-items:center;gap:8px}
h3,p,dl,dd{margin:0;font-size:1em}
h3{margin-right:auto}
.ind{display:flex;align-items:center;gap:6px;padding:2px 10px 2px 6px;border-radius:99px;color:color-mix(in srgb,var(--_c) 75%,var(--_fg));background:color-mix(in srgb,var(--_c) 13%,transparent)}
.ind::before{content:var(--_i) / '';flex:none;width:16px;height:16px;border-radius:50%;text-align:center;font:700 11px/16px sans-serif;color:var(--_bg);background:var(--_c)}
.ok{--_c:var(--_ok);--_i:'✓'}
.bad{--_c:var(--_bad);--_i:'!'}
.off{--_c:var(--_off);--_i:'–'}
.due{--_c:var(--_warn);--_i:'!'}
.busy{--_c:var(--_off);--_i:'…'}
.muted,dt{color:var(--_muted)}
[part~=account]{display:grid;gap:4px}
p>span{display:block}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 16px}
dd{overflow-wrap:anywhere}
code{font:.92em ui-monospace,monospace}
code,time{white-space:nowrap}
button{padding:5px 12px;font:inherit;color:var(--_fg);background:var(--_bg);border:1px solid #8887;border-radius:7px;cursor:pointer}
button:hover{filter:brightness(.95)}
.primary{color:var(--_bg);background:var(--_accent);border-color:transparent}
[aria-disabled=true]{opacity:.55;cursor:default}
:focus-visible{outline:2px solid var(--_accent);outline-offset:2px}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%)}
`);
