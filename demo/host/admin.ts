import type { DemoBackend } from './backend.js';

/** One call to the backend's host routes, made by the demo host's backend. */
export type AdminCall = (method: string, path: string, json?: unknown) => Promise<Response>;

/**
 * The demo host's backend calling the reconnect backend's admin routes
 * (`Authorization: Bearer <RECONNECT_API_KEY>`). In-process, as a host that
 * mounts the app would; a host on another machine would `fetch` the same
 * paths. The key is read here and nowhere else on the way to a browser:
 * what the browser gets is only the answer's body.
 */
export function adminCaller(backend: DemoBackend, apiKey: string): AdminCall {
  return async (method, path, json) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${apiKey}` };
    if (json !== undefined) headers['Content-Type'] = 'application/json';
    return backend.app.request(`${backend.basePath}${path}`, {
      method,
      headers,
      ...(json !== undefined && { body: JSON.stringify(json) }),
    });
  };
}
