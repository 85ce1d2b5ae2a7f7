import type { Context } from 'hono';
import { routePath } from 'hono/route';
import type { Metric, MetricValueWithName } from 'prom-client';
import type { AppEnv } from '../env.js';

/** prom-client's default buckets, in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;
/** The methods counted by name; any other reads `other`. Their index is part of a series' key. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'other'] as const;
const METHOD_INDEX = new Map<string, number>(METHODS.map((m, i) => [m, i]));

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
 * should not pay for. For the same reason a series is found by the route
 * template Hono matched (the same string every time) and a number made of
 * status and method, never by a string built per request.
 */
export class HttpMetrics {
  /** Route template → (status × 8 + method index) → series. */
  private readonly series = new Map<string, Map<number, Series>>();

  /**
   * @param basePath stripped from route templates, so labels read `/status`.
   */
  constructor(private readonly basePath: string) {}

  /**
   * Records one answered request (`requestContext`'s `onAnswer`). Labels are
   * bounded: the route is the template Hono matched (never the raw path,
   * which may hold a tenant id), `unmatched` when none did, and an unknown
   * method reads `other`.
   */
  observe(c: Context<AppEnv>, seconds: number): void {
    this.record(routePath(c), c.req.method, c.res.status, seconds);
  }

  /** One request answered for `template` (a Hono route template, base path included). */
  record(template: string, method: string, status: number, seconds: number): void {
    let byAnswer = this.series.get(template);
    if (!byAnswer) this.series.set(template, (byAnswer = new Map()));
    const methodIndex = METHOD_INDEX.get(method) ?? METHODS.length - 1;
    const key = status * METHODS.length + methodIndex;
    let series = byAnswer.get(key);
    if (!series) {
      series = { labels: { method: METHODS[methodIndex]!, route: this.label(template), status: String(status) }, count: 0, sum: 0, buckets: new Array<number>(BUCKETS.length + 1).fill(0) };
      byAnswer.set(key, series);
    }
    series.count += 1;
    series.sum += seconds;
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    series.buckets[i]! += 1;
  }

  private label(template: string): string {
    if (template.endsWith('*')) return 'unmatched';
    return template.startsWith(this.basePath) ? template.slice(this.basePath.length) || '/' : template;
  }

  /** The two metrics, for `registry.registerMetric`. */
  metrics(): Metric[] {
    const all = () => [...this.series.values()].flatMap((byAnswer) => [...byAnswer.values()]);
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
