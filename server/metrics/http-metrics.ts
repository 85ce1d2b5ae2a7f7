import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import type { Metric, MetricValueWithName } from 'prom-client';
import type { AppEnv } from '../env.js';

/** prom-client's default buckets, in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

interface Series {
  labels: { method: string; route: string; status: string };
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  buckets: number[];
}

type Labels = Series['labels'];

/**
 * `http_requests_total` and `http_request_duration_seconds`, by method,
 * route template and status. Counted in plain numbers on the request and
 * handed to prom-client's registry at scrape time, in the shape its own
 * metrics give (`get()`): prom-client's `observe` builds a label hash on
 * every call, which `GET /status` (the hot path, tens of thousands a second)
 * should not pay for.
 */
export class HttpMetrics {
  private readonly series = new Map<string, Series>();

  /**
   * @param basePath stripped from route templates, so labels read `/status`.
   */
  constructor(private readonly basePath: string) {}

  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (!series) {
      series = { labels: { method, route, status: String(status) }, count: 0, sum: 0, buckets: new Array<number>(BUCKETS.length + 1).fill(0) };
      this.series.set(key, series);
    }
    series.count += 1;
    series.sum += seconds;
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    series.buckets[i]! += 1;
  }

  /**
   * The middleware that records every request after it is answered. Labels
   * are bounded: the route is the template Hono matched (never the raw
   * path, which may hold a tenant id), `unmatched` when none did, and an
   * unknown method reads `other`.
   */
  middleware(): MiddlewareHandler<AppEnv> {
    const prefix = this.basePath;
    return async (c, next) => {
      const started = performance.now();
      await next();
      const template = routePath(c);
      const route = template.endsWith('*') ? 'unmatched' : template.startsWith(prefix) ? template.slice(prefix.length) || '/' : template;
      const method = METHODS.has(c.req.method) ? c.req.method : 'other';
      this.record(method, route, c.res.status, (performance.now() - started) / 1_000);
    };
  }

  /** The two metrics, for `registry.registerMetric`. */
  metrics(): Metric[] {
    const all = () => [...this.series.values()];
    const counter = {
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route template and status',
      type: 'counter',
      aggregator: 'sum',
      get: async () => ({
        name: 'http_requests_total',
        help: counter.help,
        type: 'counter' as never,
        aggregator: 'sum',
        values: all().map((s) => ({ labels: s.labels, value: s.count })),
      }),
    };
    const histogram = {
      name: 'http_request_duration_seconds',
      help: 'Time to answer HTTP requests, by method, route template and status',
      type: 'histogram',
      aggregator: 'sum',
      get: async () => ({
        name: 'http_request_duration_seconds',
        help: histogram.help,
        type: 'histogram' as never,
        aggregator: 'sum',
        values: all().flatMap((s) => histogramLines(s.labels, s)),
      }),
    };
    return [counter, histogram] as unknown as Metric[];
  }
}

/** One series as Prometheus's histogram lines: cumulative buckets with `le`, then `_sum` and `_count`. */
function histogramLines(labels: Labels, series: Series): MetricValueWithName<string>[] {
  const lines: MetricValueWithName<string>[] = [];
  let cumulative = 0;
  BUCKETS.forEach((bound, i) => {
    cumulative += series.buckets[i]!;
    lines.push({ metricName: 'http_request_duration_seconds_bucket', labels: { ...labels, le: bound }, value: cumulative });
  });
  lines.push({ metricName: 'http_request_duration_seconds_bucket', labels: { ...labels, le: '+Inf' }, value: series.count });
  lines.push({ metricName: 'http_request_duration_seconds_sum', labels, value: series.sum });
  lines.push({ metricName: 'http_request_duration_seconds_count', labels, value: series.count });
  return lines;
}
