/**
 * The panels' own look (the card's is in `styles.ts`), loaded with them and
 * added to the element's shadow root after the card's (`adoptPanelStyles` in
 * `panels.ts`), so it can use the card's colours (`--_fg`, `--_bad`…).
 */
export const PANEL_STYLES = `
.panel { position: relative; display: grid; gap: 10px; padding: 14px 16px; background: #8881; border: 1px solid #8885; border-radius: var(--stripe-reconnect-radius, 10px) }
.error { border-left: 3px solid var(--_bad) }
h4 { margin: 0; font-size: 1em; outline: none }
[role=alert] { display: grid; gap: 6px }
.error h4 { padding-right: 28px }
.wait h4 { justify-self: start; white-space: nowrap }
ol, ul { margin: 0; padding-left: 1.3em; display: grid; gap: 4px }
textarea { padding: 6px 8px; font: 0.92em ui-monospace, monospace; color: inherit; background: var(--_bg); border: 1px solid #8887; border-radius: 7px; resize: vertical }
.danger { color: var(--_bg); background: var(--_bad); border-color: transparent }
a { color: color-mix(in srgb, var(--_accent) 75%, var(--_fg)); text-underline-offset: 2px }
.panel [part~=support-link] { margin-left: auto }
.close { position: absolute; top: 8px; right: 8px; width: 28px; height: 28px; padding: 0; border-color: transparent; background: none; font-size: 18px; line-height: 1 }
.notice { display: grid; gap: 6px; padding: 10px 12px; border-left: 3px solid var(--_bad); border-radius: 7px; background: #8881 }
.warn { border-left-color: var(--_warn) }
a.button { padding: 5px 12px; color: var(--_fg); border: 1px solid #8887; border-radius: 7px; text-decoration: none }
a.primary { color: var(--_bg); background: var(--_accent); border-color: transparent }
[part~=compare] { padding: 6px 8px; border-radius: 7px; background: var(--_bg) }
`;
