/**
 * Example: the React wrapper in a page built with Vite, on the Hono host of
 * ../hono-mount.ts.
 *
 *   npm run build && npx tsx examples/react/server.ts
 *
 * then open http://127.0.0.1:3000/settings/.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { createHost, serveHost, type RunningExample, type StartOptions } from '../hono-mount.js';

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url));
const DIST = fileURLToPath(new URL('../../scratch/examples/react', import.meta.url));

/** Builds the page into scratch/examples/react with its own Vite config. */
export async function buildPage(): Promise<void> {
  await build({ configFile: CONFIG, logLevel: 'warn' });
}

/** Builds the page, then runs the host with it at /settings/. */
export async function start({ port = Number(process.env.PORT ?? 3000), hostname = '127.0.0.1' }: StartOptions = {}): Promise<RunningExample & { pageUrl: string }> {
  await buildPage();
  const { app, backend } = await createHost({ publicUrl: `http://${hostname}:${port}` });
  app.get('/settings/*', serveStatic({ root: DIST, rewriteRequestPath: (path) => path.replace(/^\/settings/, '') }));
  const running = await serveHost(app, backend, { port, hostname });
  return { ...running, pageUrl: `${running.url}/settings/` };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await start();
  console.log(`Settings page (React) at ${running.pageUrl}`);
}
