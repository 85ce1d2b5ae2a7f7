import { setFlagsFromString } from 'node:v8';
import { ConfigError, loadConfig } from './config.js';
import { startStandalone } from './standalone.js';

/** `npm start`: the backend configured by the environment (see docs/design.md, "Running it"). */
async function main() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`stripe-reconnect: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (!config.databaseUrl) {
    // Before PGlite compiles its WebAssembly: V8's baseline compiler only. Its optimised tier kept about 50 MB
    // of machine code for PostgreSQL and made the store's short transactions no faster (bench/footprint.ts).
    // This process is the standalone server, so the flag touches no one else's WebAssembly.
    setFlagsFromString('--liftoff-only');
  }
  const running = await startStandalone(config);
  if (config.usesDevelopmentDefaults) {
    process.stderr.write('stripe-reconnect: using development secrets (sandbox only); set RECONNECT_API_KEY, SESSION_SECRET and ENCRYPTION_KEY for real use.\n');
  }
  process.stdout.write(`stripe-reconnect API at ${running.apiBase}${running.sandboxUrl ? ` (Stripe sandbox at ${running.sandboxUrl})` : ''}\n`);
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`stripe-reconnect failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
