import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { stateKey } from '../../server/security/oauth-state.js';
import { readSession } from '../../server/security/session-token.js';
import type { DemoBackend } from './backend.js';
import { RECEIVER_PATH } from './backend.js';
import type { WebhookReceiver } from './receiver.js';
import { SCENARIOS, ScenarioError, type Conditions, type DemoScenarios, type Scenario } from './scenarios.js';
import { SILENT_BREAKS, type SilentBreak } from './silent-breaks.js';
import type { AdminCall } from './admin.js';
import { supportRoutes } from './support-routes.js';

export interface DemoRoutesOptions {
  backend: DemoBackend;
  scenarios: DemoScenarios;
  receiver: WebhookReceiver;
  /** Page origins that may call the demo API (the printed URL and its 127.0.0.1 twin). */
  allowedOrigins: readonly string[];
  sessionSecret: string;
  /** The backend's admin routes, with the API key (the support page's data). */
  admin: AdminCall;
}

/**
 * The demo host's own routes (`/demo/*`), and the backend mounted beside them
 * at `/stripe-reconnect` on the same origin. The callback passes through a
 * guard that plays the scenario panel's one-shot conditions before the
 * backend sees it.
 */
export function demoRoutes({ backend, scenarios, receiver, allowedOrigins, sessionSecret, admin }: DemoRoutesOptions) {
  const origins = new Set(allowedOrigins);
  /** The demo API changes state: only the demo page itself may call it. */
  const pageOrigin = (c: Context) => {
    const origin = c.req.header('Origin');
    return origin && origins.has(origin) ? origin : null;
  };
  const view = () => ({ ...scenarios.state, sandboxUrl: backend.sandboxUrl, webhooks: receiver.received });
  const forward = (c: Context) => backend.app.fetch(c.req.raw, c.env);
  const fail = (c: Context, error: unknown) => {
    if (error instanceof ScenarioError) return c.json({ error: error.message }, 500);
    throw error;
  };

  return new Hono()
    .get('/demo/api/state', (c) => c.json(view()))
    .post('/demo/api/session', (c) => {
      const origin = pageOrigin(c);
      if (!origin) return c.json({ error: 'unknown page origin' }, 403);
      return c.json(scenarios.session(origin));
    })
    .post('/demo/api/scenario', async (c) => {
      if (!pageOrigin(c)) return c.json({ error: 'unknown page origin' }, 403);
      const { scenario } = (await c.req.json().catch(() => ({}))) as { scenario?: Scenario };
      if (!scenario || !SCENARIOS.includes(scenario)) return c.json({ error: `scenario must be one of ${SCENARIOS.join(', ')}` }, 400);
      receiver.clear();
      try {
        await scenarios.apply(scenario);
      } catch (error) {
        return fail(c, error);
      }
      receiver.emit('state', view());
      return c.json(view());
    })
    .post('/demo/api/conditions', async (c) => {
      if (!pageOrigin(c)) return c.json({ error: 'unknown page origin' }, 403);
      const body = (await c.req.json().catch(() => ({}))) as Partial<Record<keyof Conditions, unknown>>;
      const change: Partial<Conditions> = {};
      for (const key of ['stripeDown', 'expireNextCode', 'stateUsed'] as const) {
        if (typeof body[key] === 'boolean') change[key] = body[key];
      }
      await scenarios.setConditions(change);
      receiver.emit('state', view());
      return c.json(view());
    })
    .post('/demo/api/silent', async (c) => {
      if (!pageOrigin(c)) return c.json({ error: 'unknown page origin' }, 403);
      const { kind } = (await c.req.json().catch(() => ({}))) as { kind?: SilentBreak };
      if (!kind || !SILENT_BREAKS.includes(kind)) return c.json({ error: `kind must be one of ${SILENT_BREAKS.join(', ')}` }, 400);
      try {
        await scenarios.breakSilently(kind);
      } catch (error) {
        if (error instanceof ScenarioError) return c.json({ error: error.message }, 409);
        throw error;
      }
      receiver.emit('state', view());
      return c.json(view());
    })
    .get('/demo/api/tenant', async (c) => c.json(await scenarios.details()))
    .route('/', supportRoutes(admin))
    .post(RECEIVER_PATH, async (c) => {
      const status = receiver.receive(await c.req.text(), c.req.raw.headers);
      return c.body(null, status as 200 | 400);
    })
    .get('/demo/events', (c) =>
      streamSSE(c, async (stream) => {
        let open = true;
        const queue: Array<{ event: string; data: string }> = [];
        let wake: (() => void) | null = null;
        const stop = receiver.listen((event, data) => {
          queue.push({ event, data: JSON.stringify(data) });
          wake?.();
        });
        stream.onAbort(() => {
          open = false;
          stop();
          wake?.();
        });
        await stream.writeSSE({ event: 'hello', data: JSON.stringify(view()) });
        while (open) {
          const next = queue.shift();
          if (next) {
            await stream.writeSSE(next);
            continue;
          }
          await new Promise<void>((resolve) => {
            // The keep-alive ping's timer must not keep a stopping process alive (it held every test file 15 s).
            const ping = setTimeout(resolve, 15_000);
            ping.unref();
            wake = () => {
              clearTimeout(ping);
              resolve();
            };
          });
          wake = null;
          if (open && queue.length === 0) await stream.writeSSE({ event: 'ping', data: '' });
        }
      }),
    )
    .get(`${backend.basePath}/oauth/callback`, async (c) => {
      const url = new URL(c.req.url);
      const state = url.searchParams.get('state');
      const code = url.searchParams.get('code');
      if (code && scenarios.take('expireNextCode')) backend.sandbox.expireCodes(code);
      // The state says nothing itself: whose flow it is, is looked up where the backend keeps it.
      const key = state ? stateKey(sessionSecret, state) : null;
      const flow = key ? await backend.store.flows.findState(key) : null;
      if (key && flow && scenarios.take('stateUsed')) await backend.store.flows.consumeState(key, new Date());
      const answer = await forward(c);
      if (scenarios.isDemoTenant(flow?.tenantId ?? '')) setTimeout(() => receiver.emit('attempt', {}), 0);
      return answer;
    })
    .post(`${backend.basePath}/connect/complete`, async (c) => {
      const answer = await forward(c);
      const token = /^Bearer (\S+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
      const session = token ? readSession(token, sessionSecret) : null;
      if (session?.ok && scenarios.isDemoTenant(session.claims.tenantId)) setTimeout(() => receiver.emit('attempt', {}), 0);
      return answer;
    })
    .all(`${backend.basePath}/*`, forward);
}
