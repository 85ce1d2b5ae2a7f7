import { Hono, type Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AdminCall } from './admin.js';

/** The list's filters, as `GET /tenants` names them: nothing else from the page reaches the backend. */
export const LIST_FILTERS = ['state', 'problem', 'warning', 'account', 'limit', 'cursor'] as const;

/**
 * The support page's data (`/demo/api/support/*`): the host's backend asks
 * the reconnect backend's admin routes with its API key and hands the page
 * the answer's JSON only (status and body, never the backend's headers), so
 * the key stays on the server. The backend validates the filters; its
 * `400 validation_failed` comes back to the page as it is, to be shown.
 *
 * In a real product these routes sit behind the host's staff sign-in; the
 * demo runs on loopback, and the browser's same-origin rule keeps other
 * sites from reading them (no CORS headers here).
 */
export function supportRoutes(admin: AdminCall) {
  async function relay(c: Context, path: string) {
    const answer = await admin('GET', path);
    // Tenant data: never kept by a browser or a proxy on the way.
    c.header('Cache-Control', 'no-store');
    let body: unknown;
    try {
      body = await answer.json();
    } catch {
      return c.json({ error: { code: 'internal', message: `The backend answered HTTP ${answer.status} without JSON.` } }, 502);
    }
    return c.json(body, answer.status as ContentfulStatusCode);
  }

  return new Hono()
    .get('/demo/api/support/fleet', (c) => relay(c, '/fleet'))
    .get('/demo/api/support/tenants', (c) => {
      const query = new URLSearchParams();
      for (const name of LIST_FILTERS) {
        const value = c.req.query(name);
        if (value) query.set(name, value);
      }
      return relay(c, `/tenants${query.size ? `?${query}` : ''}`);
    })
    .get('/demo/api/support/tenants/:tenantId', (c) => {
      const tenantId = c.req.param('tenantId');
      // "." and ".." are path segments to a URL parser, not names: they would reach another route with the key.
      if (tenantId === '.' || tenantId === '..') return c.json({ error: { code: 'validation_failed', message: 'tenantId: not a tenant id.' } }, 400);
      return relay(c, `/tenants/${encodeURIComponent(tenantId)}`);
    });
}
