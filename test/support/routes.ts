import type { Hono } from 'hono';

/**
 * The operations an app serves, once each, with paths relative to its base
 * path. Its middleware is left out (registered for every method, or for every
 * path under the base, as the body cap is), and so are CORS preflights, which
 * the element's routes answer but which are not operations of the API.
 */
export function servedRoutes(app: Pick<Hono, 'routes'>, basePath = '/stripe-reconnect'): Array<{ method: string; path: string }> {
  const operations = app.routes
    .filter((r) => r.method !== 'ALL' && r.method !== 'OPTIONS' && r.path !== `${basePath}/*`)
    .map((r) => ({ method: r.method, path: r.path.slice(basePath.length) }));
  return [...new Map(operations.map((r) => [`${r.method} ${r.path}`, r])).values()];
}
