/**
 * Runs the Stripe sandbox on its own, for when several backend processes must
 * share one: `PORT` (default 12111), `HOST` (default 127.0.0.1),
 * `SANDBOX_WEBHOOK_URL` (the platform's Connect webhook endpoint).
 * Point each backend at it with `STRIPE_API_URL`.
 */
import { createSandbox, serveSandbox } from './index.js';

const port = Number(process.env.PORT ?? 12111);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`stripe sandbox: PORT must be a port number, got "${process.env.PORT}"\n`);
  process.exit(1);
}
const hostname = process.env.HOST || '127.0.0.1';
const webhookUrl = process.env.SANDBOX_WEBHOOK_URL || null;

const sandbox = createSandbox({ webhookUrl });
const served = await serveSandbox(sandbox, { port, hostname });
process.stdout.write(`Stripe sandbox at ${served.url}${webhookUrl ? ` (webhooks to ${webhookUrl})` : ''}\n`);

async function stop() {
  await served.close();
  process.exit(0);
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
