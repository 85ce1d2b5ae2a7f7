/**
 * Example: the element in a plain HTML page, loaded from the single-file CDN
 * build, on the Hono host of ../hono-mount.ts.
 *
 *   npm run build && npx tsx examples/plain-html/server.ts
 *
 * then open http://127.0.0.1:3000/settings. The page is static; the only
 * thing the host serves for it is its session route.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHost, serveHost, type RunningExample, type StartOptions } from '../hono-mount.js';

const PAGE = fileURLToPath(new URL('./index.html', import.meta.url));
// What a CDN would serve: the package's dist/cdn (`npm run build` makes it).
const CDN_DIR = fileURLToPath(new URL('../../dist/cdn', import.meta.url));

/** Runs the host with the settings page at /settings and the CDN build at /cdn/. */
export async function start({ port = Number(process.env.PORT ?? 3000), hostname = '127.0.0.1' }: StartOptions = {}): Promise<RunningExample & { pageUrl: string }> {
  const { app, backend } = await createHost({ publicUrl: `http://${hostname}:${port}` });
  app.get('/settings', serveStatic({ path: PAGE }));
  app.get('/cdn/*', serveStatic({ root: CDN_DIR, rewriteRequestPath: (path) => path.replace(/^\/cdn/, '') }));
  const running = await serveHost(app, backend, { port, hostname });
  return { ...running, pageUrl: `${running.url}/settings` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await start();
  console.log(`Settings page at ${running.pageUrl}`);
}
