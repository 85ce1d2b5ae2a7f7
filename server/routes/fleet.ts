import { Hono } from 'hono';
import { TenantListQuery } from '../../contract/fleet.js';
import type { AppEnv } from '../env.js';
import type { FleetView } from '../fleet/fleet-view.js';
import { apiKeyAuth } from '../middleware/auth.js';
import { validate } from '../errors.js';

export interface FleetRoutesOptions {
  fleet: FleetView;
  apiKey: string;
}

/** The host backend's view of every tenant, for its support team and dashboards: behind `RECONNECT_API_KEY`, like the admin routes. */
export function fleetRoutes({ fleet, apiKey }: FleetRoutesOptions) {
  const auth = apiKeyAuth({ apiKey });
  return new Hono<AppEnv>()
    .get('/tenants', auth, validate('query', TenantListQuery), async (c) => c.json(await fleet.list(c.req.valid('query'))))
    .get('/fleet', auth, async (c) => c.json(await fleet.summary()));
}
