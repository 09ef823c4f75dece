import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The secrets `unfurlkit dev` shares between the integration and the emulator, made once per data folder. */
export interface DevCredentials {
  OAUTH_CLIENT_ID: string;
  OAUTH_CLIENT_SECRET: string;
  NOTION_CLIENT_ID: string;
  NOTION_CLIENT_SECRET: string;
  TOKEN_ENCRYPTION_KEY: string;
}

const NAMES = [
  'OAUTH_CLIENT_ID',
  'OAUTH_CLIENT_SECRET',
  'NOTION_CLIENT_ID',
  'NOTION_CLIENT_SECRET',
  'TOKEN_ENCRYPTION_KEY',
] as const;

/** The file in the data folder that keeps them (mode 0600). */
export const DEV_CREDENTIALS_FILE = 'dev-credentials.json';

/**
 * The stored credentials with every missing or unusable one generated: kept values are never replaced, so a
 * restart keeps the connections (their tokens are sealed with TOKEN_ENCRYPTION_KEY and bound to the client ids).
 * `changed` says whether anything was generated (and the file needs writing).
 *
 * @example completeDevCredentials({}).credentials.OAUTH_CLIENT_ID // 'dev-integration'
 */
export function completeDevCredentials(
  stored: unknown,
  random: (size: number) => Buffer = randomBytes,
): { credentials: DevCredentials; changed: boolean } {
  const given = stored && typeof stored === 'object' ? (stored as Record<string, unknown>) : {};
  const fresh: DevCredentials = {
    OAUTH_CLIENT_ID: 'dev-integration',
    OAUTH_CLIENT_SECRET: random(32).toString('hex'),
    NOTION_CLIENT_ID: `dev-notion-${random(8).toString('hex')}`,
    NOTION_CLIENT_SECRET: `secret_${random(32).toString('hex')}`,
    TOKEN_ENCRYPTION_KEY: random(32).toString('base64'),
  };
  let changed = false;
  const credentials = { ...fresh };
  for (const name of NAMES) {
    const value = given[name];
    if (typeof value === 'string' && value.trim() !== '') credentials[name] = value;
    else changed = true;
  }
  return { credentials, changed };
}

/**
 * Reads `<dataDir>/dev-credentials.json`, generating what is missing and writing it back readable by the owner
 * only. A file that is not JSON is an error (never silently replaced: that would orphan every connection).
 */
export async function loadOrCreateDevCredentials(dataDir: string): Promise<DevCredentials> {
  const path = join(dataDir, DEV_CREDENTIALS_FILE);
  let stored: unknown = {};
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text !== undefined) {
    try {
      stored = JSON.parse(text);
    } catch {
      throw new Error(`${path} is not valid JSON: fix it, or delete it to start over (connections are lost)`);
    }
  }
  const { credentials, changed } = completeDevCredentials(stored);
  if (changed) {
    await mkdir(dataDir, { recursive: true });
    await writeFile(path, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    // writeFile's mode applies only to a new file.
    await chmod(path, 0o600);
  }
  return credentials;
}
