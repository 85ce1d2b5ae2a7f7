/**
 * The element's look. A few `--stripe-reconnect-*` custom properties set the
 * palette; muted text is mixed from the text and background colours, and
 * borders and panels are translucent, so they suit any background. Each
 * default has a light and a dark value picked by `color-scheme`: the
 * system's (`prefers-color-scheme`), or the host's when it sets
 * `color-scheme: dark` (or `light`) on the element, or `theme="dark"` / `theme="light"`.
 */
import { unsafeCSS } from 'lit';

// A constant of this module, so `unsafeCSS` is safe here; it spares the bundle the `css` tag's checks.
export const styles = unsafeCSS(`
  :host {
    color-scheme: light dark;
    --_fg: var(--stripe-reconnect-color, light-dark(#1a1f36, #e6e9f0));
    --_bg: var(--stripe-reconnect-background, light-dark(#fff, #171b26));
    --_accent: var(--stripe-reconnect-accent-color, light-dark(#635bff, #a29dff));
    --_ok: var(--stripe-reconnect-success-color, light-dark(#0a7c42, #4cd68a));
    --_bad: var(--stripe-reconnect-danger-color, light-dark(#c0123c, #ff8a9c));
    --_off: var(--stripe-reconnect-neutral-color, light-dark(#697386, #98a2b3));
    --_muted: color-mix(in srgb, var(--_fg) 72%, var(--_bg));
    display: block;
    color: var(--_fg);
    font: 14px/1.45 var(--stripe-reconnect-font-family, system-ui, sans-serif);
  }
  :host([theme=dark]) { color-scheme: dark; }
  :host([theme=light]) { color-scheme: light; }
  :host([hidden]) { display: none; }
  section, .panel { display: grid; gap: 10px; padding: 14px 16px; background: var(--_bg); border: 1px solid #8885; border-radius: var(--stripe-reconnect-radius, 10px); }
  .panel { background: #8881; }
  .error { border-left: 3px solid var(--_bad); }
  header, .row { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
  h3, h4, p, dl, dd, ol, ul { margin: 0; font-size: 1em; }
  h3 { margin-right: auto; }
  [tabindex] { outline: none; }
  .ind, .wait h4 { display: flex; align-items: center; gap: 6px; padding: 2px 10px 2px 6px; border-radius: 99px; background: color-mix(in srgb, var(--_c) 13%, transparent); }
  .ind::before, .wait h4::before { content: var(--_i) / ''; width: 16px; height: 16px; border-radius: 50%; text-align: center; font: 700 11px/16px sans-serif; color: var(--_bg); background: var(--_c); }
  .ok { --_c: var(--_ok); --_i: '✓'; }
  .bad { --_c: var(--_bad); --_i: '!'; }
  .off { --_c: var(--_off); --_i: '–'; }
  .busy, .wait { --_c: var(--_off); --_i: '…'; }
  .muted, dt { color: var(--_muted); }
  dl { display: grid; grid-template-columns: auto 1fr; gap: 2px 16px; }
  dd, pre { overflow-wrap: anywhere; white-space: pre-wrap; }
  code, pre, textarea { font: 0.92em ui-monospace, monospace; }
  textarea { padding: 6px 8px; color: inherit; background: var(--_bg); border: 1px solid #8887; border-radius: 7px; resize: vertical; }
  button, a { padding: 5px 12px; font: inherit; color: var(--_fg); background: var(--_bg); border: 1px solid #8887; border-radius: 7px; cursor: pointer; text-decoration: none; }
  button:hover, a:hover { filter: brightness(0.95); }
  .primary, .danger { color: var(--_bg); background: var(--_accent); border-color: transparent; }
  .danger { background: var(--_bad); }
  [aria-disabled=true] { opacity: 0.55; cursor: default; }
  :focus-visible { outline: 2px solid var(--_accent); outline-offset: 2px; }
  ol, ul { padding-left: 1.3em; }
  .sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
`);
