import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { ReconnectError } from '../errors.js';
import type { Metrics } from '../metrics/metrics.js';

export interface MetricsRoutesOptions {
  metrics: Metrics;
  /** `METRICS_TOKEN`: the scraper's bearer token. */
  token: string;
}

/** `GET /metrics`: Prometheus's text format, to `Authorization: Bearer <METRICS_TOKEN>` only. */
export function metricsRoutes({ metrics, token }: MetricsRoutesOptions) {
  const expected = createHash('sha256').update(`Bearer ${token}`).digest();
  return new Hono<AppEnv>().get(
    '/metrics',
    async function metricsAuth(c, next) {
      const given = createHash('sha256')
        .update(c.req.header('Authorization') ?? '')
        .digest();
      if (!timingSafeEqual(given, expected)) throw new ReconnectError('unauthorized', { message: 'The metrics token is required.' });
      await next();
    },
    async (c) => c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType }),
  );
}
