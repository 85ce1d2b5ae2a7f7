/**
 * The element's tests: @open-wc/testing in headless Chromium (Debian's, never
 * a downloaded one), against the real backend and Stripe sandbox started
 * here, with the test pages' origin allowed. The browser tests reach the
 * Node side through `executeServerCommand('stack:…')`.
 *
 *   npx web-test-runner
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { tsImport } from 'tsx/esm/api';

const HOSTNAME = '127.0.0.1';

/** Starts the stack once the dev server listens (its origin is then known) and answers the `stack:` commands. */
function stackPlugin() {
  /** @type {import('./test/widget/support/commands.ts').WidgetStack | undefined} */
  let stack;
  return {
    name: 'stripe-reconnect-stack',
    async serverStart({ config }) {
      const { startWidgetStack } = await tsImport('./test/widget/support/commands.ts', import.meta.url);
      stack = await startWidgetStack([`http://${HOSTNAME}:${config.port}`, `http://localhost:${config.port}`]);
    },
    async serverStop() {
      await stack?.close();
    },
    async executeCommand({ command, payload, session }) {
      if (!command.startsWith('stack:')) return undefined;
      return stack.run(command.slice('stack:'.length), payload, session);
    },
  };
}

export default {
  files: ['test/widget/**/*.test.ts', '!test/widget/ssr.test.ts', '!test/widget/imports.test.ts'],
  hostname: HOSTNAME,
  nodeResolve: true,
  // One page at a time: the sandbox's faults and the Stripe windows are shared by the whole run.
  concurrency: 1,
  testsFinishTimeout: 300_000,
  testFramework: { config: { timeout: 30_000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022' }), stackPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
        // Keep Chromium's popup blocker on: a popup must open only from a real click (and popup_blocked be testable).
        ignoreDefaultArgs: ['--disable-popup-blocking'],
      },
    }),
  ],
};
