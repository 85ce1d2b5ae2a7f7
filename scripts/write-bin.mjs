#!/usr/bin/env node
/**
 * Writes dist/bin/stripe-reconnect.js, package.json's `bin`: the standalone
 * backend (`npx stripe-reconnect`), configured by the environment like
 * `npm start`. A file of its own because tsc keeps no shebang it was not
 * given, and server/main.ts is also run by tsx, where a shebang means nothing.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';

const file = 'dist/bin/stripe-reconnect.js';
mkdirSync('dist/bin', { recursive: true });
writeFileSync(file, "#!/usr/bin/env node\n// The standalone backend; see docs/design.md, \"Running it\", for its environment.\nimport '../server/main.js';\n");
chmodSync(file, 0o755);
