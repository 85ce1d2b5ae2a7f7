import type { Context } from 'hono';
import type { AppEnv } from '../env.js';

/**
 * Response headers that middleware decide before the handler runs (the
 * request id, CORS, the platform name), kept in a plain object rather than
 * set with `c.header()`. Hono keeps `c.header()` values in a web `Headers`,
 * which costs a few microseconds per request to fill and to read back when
 * the response is written; `GET /status` (polled by every open settings
 * page) answers with `jsonAnswer`, whose headers stay a plain object all the
 * way to the socket. Every other answer gets them through `applyAnswerHeaders`.
 */
export function setAnswerHeader(c: Context<AppEnv>, name: string, value: string): void {
  let headers = c.get('answerHeaders');
  if (!headers) c.set('answerHeaders', (headers = {}));
  headers[name] = value;
}

/**
 * After the handler (or the error or not-found handler) answered: puts the
 * pending headers on that answer, unless `jsonAnswer` already did. Safe to
 * call from several middleware; the first does it.
 */
export function applyAnswerHeaders(c: Context<AppEnv>): void {
  const headers = c.get('answerHeaders');
  if (!headers || c.get('answerHeadersSent')) return;
  c.set('answerHeadersSent', true);
  // On the answer's own headers: `c.header()` on a finished answer would make Hono rebuild it as a stream.
  const target = c.res.headers;
  for (const name in headers) target.set(name, headers[name]!);
}

/** A 200 JSON answer carrying the pending headers, as a plain object. */
export function jsonAnswer(c: Context<AppEnv>, body: string): Response {
  c.set('answerHeadersSent', true);
  // The request's own object, handed on rather than copied: nothing sets an answer header once the answer is made.
  const headers = c.get('answerHeaders') ?? {};
  headers['Content-Type'] = 'application/json';
  return new Response(body, { status: 200, headers });
}
