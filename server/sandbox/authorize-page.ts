import type { AuthorizeRequest } from './authorize-request.js';
import type { AccountRecord } from './seed.js';

/** The radio value of "Create a new Stripe account". */
export const NEW_ACCOUNT_CHOICE = 'new';

export interface PickerChoice {
  account: AccountRecord;
  /** Stripe's reason this account cannot be connected, or null. */
  ineligible: string | null;
  /** The platform's own account. */
  isPlatform: boolean;
}

export interface PickerView {
  request: AuthorizeRequest;
  choices: PickerChoice[];
  formToken: string;
  /** Shown in an alert above the choices when a submitted choice was refused. */
  error: string | null;
  selected: string | null;
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// Inline only: the page must work offline and without JavaScript. Colours follow Stripe's dashboard palette.
const STYLES = `
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Ubuntu,sans-serif;color:#1a1f36;background:#f6f9fc}
.top{display:flex;align-items:center;gap:12px;padding:20px 24px;max-width:560px;margin:0 auto}
.wordmark{font-weight:800;font-size:26px;letter-spacing:-1px;color:#635bff}
.sandbox{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:#a04100;background:#fcedb9;border-radius:4px;padding:2px 6px}
main{max-width:560px;margin:0 auto 48px;background:#fff;border-radius:8px;box-shadow:0 7px 14px 0 rgba(60,66,87,.08),0 3px 6px 0 rgba(0,0,0,.12);padding:32px}
h1{font-size:22px;line-height:1.3;margin:0 0 8px}
p{margin:0 0 16px;color:#3c4257}
.muted{color:#697386;font-size:13px}
.alert{border:1px solid #df1b41;background:#fff5f7;color:#a41c4e;border-radius:6px;padding:12px 14px;margin:0 0 16px}
fieldset{border:0;margin:0 0 20px;padding:0}
legend{font-weight:600;margin-bottom:8px;padding:0}
.choice{display:flex;gap:12px;align-items:flex-start;border:1px solid #e3e8ee;border-radius:6px;padding:12px 14px;margin-bottom:8px}
.choice:has(input:checked){border-color:#635bff;box-shadow:0 0 0 1px #635bff}
.choice.disabled{background:#f7fafc;color:#8792a2}
.choice input{margin-top:4px;accent-color:#635bff;width:16px;height:16px}
.choice label{flex:1;cursor:pointer}
.choice.disabled label{cursor:not-allowed}
.name{font-weight:600}
.meta{display:block;font:12px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:#697386;word-break:break-all}
.badge{display:inline-block;font-size:11px;font-weight:600;border-radius:4px;padding:1px 6px;margin-left:6px;vertical-align:1px}
.badge.test{background:#fcedb9;color:#a04100}
.badge.live{background:#d7f7c2;color:#05690d}
.ineligible{font-size:13px;color:#a41c4e;background:#fff5f7;border-radius:6px;padding:8px 12px;margin:0 0 4px}
.actions{display:flex;align-items:center;gap:16px;margin-bottom:20px}
.hint{display:block;font-size:13px;color:#697386}
button{font:inherit;font-weight:600;border-radius:6px;cursor:pointer}
button.primary{background:#635bff;color:#fff;border:0;padding:10px 20px;box-shadow:0 1px 1px rgba(0,0,0,.12)}
button.primary:hover{background:#5851ea}
button.link{background:none;border:0;padding:10px 4px;color:#635bff}
button.link:hover{color:#0a2540;text-decoration:underline}
:focus-visible{outline:2px solid #635bff;outline-offset:2px}
.error-detail{font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f6f9fc;border-radius:6px;padding:12px;white-space:pre-wrap;word-break:break-word}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body>
<header class="top"><span class="wordmark" role="img" aria-label="Stripe">stripe</span><span class="sandbox">Sandbox</span></header>
${body}
</body>
</html>
`;
}

function accountChoice({ account, ineligible, isPlatform }: PickerChoice, selected: string | null): string {
  const inputId = `choice-${account.id}`;
  const whyId = `${inputId}-why`;
  const key = account.livemode ? account.publishableKeys.live : account.publishableKeys.test;
  // The reason sits right above the choice, and the disabled radio points at it for screen readers.
  const why = ineligible ? `<p class="ineligible" id="${whyId}">${escapeHtml(ineligible)}</p>` : '';
  return `${why}<div class="choice${ineligible ? ' disabled' : ''}">
<input type="radio" name="account" id="${inputId}" value="${escapeHtml(account.id)}"${ineligible ? ` disabled aria-describedby="${whyId}"` : ''}${selected === account.id && !ineligible ? ' checked' : ''}>
<label for="${inputId}"><span class="name">${escapeHtml(account.name)}</span>${isPlatform ? ' <span class="muted">(your platform)</span>' : ''}<span class="badge ${account.livemode ? 'live' : 'test'}">${account.livemode ? 'Live' : 'Test'}</span>
<span class="meta">${escapeHtml(account.id)}</span><span class="meta">${escapeHtml(key)}</span></label>
</div>`;
}

/** Stripe's Connect account picker: the person chooses an account (or a new one) and connects, or denies. */
export function renderPicker(view: PickerView): string {
  const { request, choices, formToken, error, selected } = view;
  const platform = escapeHtml(request.platform.name);
  const newFor = request.stripeUser.business_name ? ` for ${escapeHtml(request.stripeUser.business_name)}` : '';
  const hidden = [...request.params, ['form_token', formToken]]
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const access =
    request.scope === 'read_write'
      ? `${platform} will be able to see your account's data, create payments and refunds, and manage your customers.`
      : `${platform} will be able to see your account's data, but not change it.`;
  return layout(
    `Connect to ${request.platform.name} | Stripe`,
    `<main>
<h1>Connect ${platform} to your Stripe account</h1>
<p>${access}</p>
${error ? `<div class="alert" role="alert" id="form-error">${escapeHtml(error)}</div>` : ''}
<form method="post" action="/oauth/authorize"${error ? ' aria-describedby="form-error"' : ''}>
${hidden}
<fieldset>
<legend>Choose the account to connect</legend>
${choices.map((choice) => accountChoice(choice, selected)).join('\n')}
<div class="choice">
<input type="radio" name="account" id="choice-new" value="${NEW_ACCOUNT_CHOICE}"${selected === NEW_ACCOUNT_CHOICE ? ' checked' : ''}>
<label for="choice-new"><span class="name">Create a new Stripe account${newFor}</span><span class="hint">A new Standard account, connected to ${platform} at once</span></label>
</div>
</fieldset>
<div class="actions">
<button type="submit" class="primary" name="action" value="connect">Connect</button>
<button type="submit" class="link" name="action" value="deny">Deny access</button>
</div>
</form>
<p class="muted">You can disconnect ${platform} at any time in your Stripe Dashboard under Settings &gt; Installed apps.</p>
</main>`,
  );
}

/** Stripe's error page for a request it will not send back to the platform (bad client id, response type, scope or redirect URI). */
export function renderErrorPage(message: string): string {
  return layout(
    'Error | Stripe',
    `<main>
<h1>Something went wrong</h1>
<p role="alert" id="error-message">${escapeHtml(message)}</p>
<p class="muted">If you followed a link from a website, contact its owner: their Stripe Connect settings need fixing. You can close this window.</p>
<pre class="error-detail">${escapeHtml(JSON.stringify({ error: { message } }, null, 2))}</pre>
</main>`,
  );
}
