import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import { openApiDocument } from '../openapi.js';
import type { Store } from '../store/index.js';

/** For load balancers and tools: the health check and the OpenAPI document. */
export function healthRoutes({ store }: { store: Pick<Store, 'db'> }) {
  let document: ReturnType<typeof openApiDocument> | null = null;
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => {
      document ??= openApiDocument();
      return c.json(document);
    })
    .get('/healthz', async (c) => {
      try {
        await store.db.query('SELECT 1');
      } catch (error) {
        throw new ReconnectError('internal', { message: 'The database is not reachable.', cause: error });
      }
      return c.json({ ok: true });
    });
}
