import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { UnknownAccountError, type SandboxControls } from './controls.js';
import { SandboxHttpError } from './errors.js';
import { FAULT_KINDS, FAULT_ROUTES } from './faults.js';
import { DISABLED_REASONS, FIELD_PATTERN, InvalidConditionError, MAX_FIELD_LENGTH, MAX_FIELDS } from './requirements.js';
import type { SandboxEnv } from './types.js';
import { APPLICATION_EVENT_TYPES } from './webhook-sender.js';

/** A refused control request: `{ error: { message, issues? } }`, plain JSON, not Stripe's dialect (this is not Stripe). */
export class ControlError extends SandboxHttpError {
  constructor(
    status: 400 | 404,
    message: string,
    readonly issues?: unknown,
  ) {
    super(status, message);
  }
  body() {
    return { error: { message: this.message, ...(this.issues !== undefined && { issues: this.issues }) } };
  }
}

export const RevokeBody = z.object({ webhook: z.boolean().default(true) });
export const WebhookUrlBody = z.object({ webhookUrl: z.url({ protocol: /^https?$/ }).nullable() });
export const FaultBody = z
  .object({
    route: z.enum(FAULT_ROUTES),
    kind: z.enum(FAULT_KINDS),
    count: z.number().int().min(1).max(1000).default(1),
    delayMs: z.number().int().min(0).max(600_000).optional(),
  })
  .refine((f) => f.kind !== 'slow' || f.delayMs !== undefined, { message: 'delayMs is required for kind "slow"', path: ['delayMs'] });
export const ExpireCodesBody = z.object({ code: z.string().startsWith('ac_').optional() });
export const TriggerEventBody = z.object({ type: z.enum(APPLICATION_EVENT_TYPES), account: z.string().startsWith('acct_') });

const IsoDateTime = z.iso.datetime({ offset: true });
// One check and one message: a zod union would report each branch's complaint.
const Deadline = z.custom<number | string>(
  (value) => (typeof value === 'number' && Number.isInteger(value) && value > 0) || IsoDateTime.safeParse(value).success,
  { error: 'deadline must be unix seconds or an ISO 8601 date-time' },
);
const Fields = z.array(z.string().max(MAX_FIELD_LENGTH).regex(FIELD_PATTERN, 'a requirement field name, like company.tax_id')).min(1).max(MAX_FIELDS);
// Strict: a misspelt field (`charges` for `chargesEnabled`) must be refused, not quietly pause both.
export const PauseBody = z
  .strictObject({
    chargesEnabled: z.boolean().optional(),
    payoutsEnabled: z.boolean().optional(),
    reason: z.enum(DISABLED_REASONS).optional(),
    fields: Fields.optional(),
    deadline: Deadline.optional(),
    webhook: z.boolean().default(true),
  })
  .refine((p) => !(p.chargesEnabled && p.payoutsEnabled), {
    message: 'A pause turns off charges, payouts or both: chargesEnabled and payoutsEnabled cannot both be true.',
    path: ['chargesEnabled'],
  });
export const InformationDueBody = z.strictObject({ deadline: Deadline, fields: Fields.optional(), webhook: z.boolean().default(true) });
export const ClearBody = z.strictObject({ webhook: z.boolean().default(true) });
export const ConnectedAccountsBody = z.strictObject({ count: z.number().int().min(1).max(100_000) });

/** Reads and validates a JSON body; an empty body counts as `{}` so every field can default. */
async function body<T extends z.ZodType>(c: Context<SandboxEnv>, schema: T): Promise<z.output<T>> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim()) {
    try {
      json = JSON.parse(text);
    } catch {
      throw new ControlError(400, 'The body is not JSON.');
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ControlError(400, 'The body is not valid.', z.treeifyError(parsed.error));
  return parsed.data;
}

function accountAction<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UnknownAccountError) throw new ControlError(404, error.message);
    if (error instanceof InvalidConditionError) throw new ControlError(400, error.message);
    throw error;
  }
}

/**
 * The sandbox's control API under `/_sandbox`, for tests and the demo: what a
 * person would do in the Stripe Dashboard, what Stripe itself does to an
 * account (pausing payments, asking for information), what `stripe trigger`
 * does, and fault injection. It is never part of the Stripe-shaped surface.
 */
export function controlRoutes(controls: SandboxControls) {
  return new Hono<SandboxEnv>()
    .post('/_sandbox/reset', (c) => {
      controls.reset();
      return c.json({ reset: true });
    })
    .get('/_sandbox/accounts', (c) => c.json({ accounts: controls.accounts() }))
    .post('/_sandbox/accounts/:id/revoke', async (c) => {
      const { webhook } = await body(c, RevokeBody);
      return c.json(accountAction(() => controls.revoke(c.req.param('id'), { webhook })));
    })
    .post('/_sandbox/accounts/:id/pause', async (c) => {
      const spec = await body(c, PauseBody);
      return c.json(accountAction(() => controls.pauseAccount(c.req.param('id'), spec)));
    })
    .post('/_sandbox/accounts/:id/information-due', async (c) => {
      const spec = await body(c, InformationDueBody);
      return c.json(accountAction(() => controls.requireInformation(c.req.param('id'), spec)));
    })
    .post('/_sandbox/accounts/:id/clear', async (c) => {
      const options = await body(c, ClearBody);
      return c.json(accountAction(() => controls.clearAccount(c.req.param('id'), options)));
    })
    .post('/_sandbox/accounts/connected', async (c) => {
      const { count } = await body(c, ConnectedAccountsBody);
      return c.json({ accounts: controls.addConnectedAccounts(count) }, 201);
    })
    .get('/_sandbox/webhook-url', (c) => c.json({ webhookUrl: controls.webhookUrl() }))
    .put('/_sandbox/webhook-url', async (c) => {
      const { webhookUrl } = await body(c, WebhookUrlBody);
      controls.setWebhookUrl(webhookUrl);
      return c.json({ webhookUrl });
    })
    .get('/_sandbox/faults', (c) => c.json({ faults: controls.faults() }))
    .post('/_sandbox/faults', async (c) => c.json({ fault: controls.addFault(await body(c, FaultBody)) }, 201))
    .delete('/_sandbox/faults', (c) => c.json({ cleared: controls.clearFaults() }))
    .post('/_sandbox/codes/expire', async (c) => {
      const { code } = await body(c, ExpireCodesBody);
      return c.json({ expired: controls.expireCodes(code) });
    })
    .get('/_sandbox/calls', (c) => c.json({ calls: controls.calls() }))
    .delete('/_sandbox/calls', (c) => {
      controls.resetCalls();
      return c.json({ calls: controls.calls() });
    })
    .get('/_sandbox/webhooks', (c) => c.json({ deliveries: controls.deliveries() }))
    .post('/_sandbox/events', async (c) => {
      const { type, account } = await body(c, TriggerEventBody);
      return c.json({ delivery: accountAction(() => controls.triggerEvent(type, account)) }, 201);
    })
    .all('/_sandbox/*', (c) => {
      throw new ControlError(404, `No control route ${c.req.method} ${c.req.path}`);
    });
}
