import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The demo host's secrets: made once per data directory and kept beside the
 * database (the encryption key must outlive a restart to read the stored
 * tokens). They stay in this process: never sent to the page, never logged.
 */
export interface DemoSecrets {
  apiKey: string;
  sessionSecret: string;
  encryptionKey: string;
  hostWebhookSecret: string;
}

const FILE = 'demo-secrets.json';

function fresh(): DemoSecrets {
  return {
    apiKey: `demo_${randomBytes(24).toString('base64url')}`,
    sessionSecret: randomBytes(32).toString('base64url'),
    encryptionKey: randomBytes(32).toString('hex'),
    hostWebhookSecret: `whsec_demo_${randomBytes(24).toString('base64url')}`,
  };
}

export async function loadSecrets(dataDir: string): Promise<DemoSecrets> {
  const path = join(dataDir, FILE);
  try {
    const saved = JSON.parse(await readFile(path, 'utf8')) as Partial<DemoSecrets>;
    if (saved.apiKey && saved.sessionSecret && saved.encryptionKey && saved.hostWebhookSecret) return saved as DemoSecrets;
  } catch {
    // First start (or an unreadable file): make new ones.
  }
  const secrets = fresh();
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
