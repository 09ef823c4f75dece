import { join, resolve } from 'node:path';
import { type EmulatorSettingsInput, type RunningEmulator, startEmulator } from '@unfurlkit/emulator';
import pino from 'pino';
import {
  type ConfigInput,
  createServer,
  DEFAULT_NOTION_REDIRECT_URIS,
  type UnfurlkitServer,
} from 'unfurlkit';
import { createAcmeIntegration, ITEM_RULE } from './integration.js';

/** Demo credentials Notion's emulator and Acme share. Development only: never reuse them. */
export const DEMO_OAUTH_CLIENT_ID = 'acme-notion-link-previews';
export const DEMO_OAUTH_CLIENT_SECRET = 'acme-demo-client-secret-not-for-production-0123456789';

/** What Acme registers with Notion (here, the emulator's settings), for Acme served at `acmeUrl`. */
export function acmeEmulatorSettings(acmeUrl: string): EmulatorSettingsInput {
  return {
    name: 'Acme',
    oauth: {
      authorizeUrl: `${acmeUrl}/notion/authorize`,
      tokenUrl: `${acmeUrl}/notion/token`,
      clientId: DEMO_OAUTH_CLIENT_ID,
      clientSecret: DEMO_OAUTH_CLIENT_SECRET,
      scopes: 'unfurl',
      deletedTokenCallbackUrl: `${acmeUrl}/notion/deletion`,
    },
    unfurl: { callbackUrl: `${acmeUrl}/unfurl`, domain: 'acme.com', rules: [ITEM_RULE] },
  };
}

export interface DemoOptions {
  /** Acme's port (default 3000; 0 = any). */
  acmePort?: number;
  /** The emulator's port (default 4000; 0 = any). */
  emulatorPort?: number;
  /** Where the SQLite files and Acme's items live; in memory when `memory` is true. */
  dataDir?: string;
  memory?: boolean;
  /** Extra configuration for Acme's server (LOG_LEVEL, ACCESS_TOKEN_TTL, …). */
  acmeConfig?: ConfigInput;
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'silent';
}

export interface RunningDemo {
  acmeUrl: string;
  emulatorUrl: string;
  acme: UnfurlkitServer;
  emulator: RunningEmulator;
  integration: ReturnType<typeof createAcmeIntegration>;
  close(): Promise<void>;
}

/**
 * Starts the Notion emulator and the Acme example configured for each other: the emulator first (Acme needs
 * Notion's credentials and API URL), then Acme (the emulator needs Acme's URLs), then the emulator's settings.
 */
export async function startDemo(options: DemoOptions = {}): Promise<RunningDemo> {
  const dataDir = resolve(options.dataDir ?? 'data');
  const logLevel = options.logLevel ?? 'warn';
  const emulator = await startEmulator({
    port: options.emulatorPort ?? 4000,
    storage: options.memory ? 'memory' : { sqlitePath: join(dataDir, 'emulator.db') },
    logger: pino({ level: logLevel, name: 'emulator' }),
  });
  const notion = emulator.notionCredentials();
  const integration = createAcmeIntegration(
    options.memory ? {} : { itemsFile: join(dataDir, 'acme-items.json') },
  );
  let acme: UnfurlkitServer | undefined;
  try {
    acme = await createServer({
      integration,
      config: {
        env: {},
        cwd: dataDir,
        overrides: {
          PORT: options.acmePort ?? 3000,
          DATABASE_URL: options.memory ? 'sqlite::memory:' : `sqlite:${join(dataDir, 'acme.db')}`,
          NOTION_API_URL: emulator.url,
          NOTION_CLIENT_ID: notion.clientId,
          NOTION_CLIENT_SECRET: notion.clientSecret,
          OAUTH_CLIENT_ID: DEMO_OAUTH_CLIENT_ID,
          OAUTH_CLIENT_SECRET: DEMO_OAUTH_CLIENT_SECRET,
          OAUTH_REDIRECT_URIS: [
            `${emulator.url}/externalIntegrationAuthCallback`,
            ...DEFAULT_NOTION_REDIRECT_URIS,
          ].join(','),
          OAUTH_SCOPES: 'unfurl',
          LOG_LEVEL: logLevel,
          ...options.acmeConfig,
        },
      },
    });
    const acmeUrl = await acme.listen();
    await emulator.setSettings(acmeEmulatorSettings(acmeUrl));
    const running = acme;
    return {
      acmeUrl,
      emulatorUrl: emulator.url,
      acme: running,
      emulator,
      integration,
      async close() {
        await running.close();
        await emulator.close();
      },
    };
  } catch (error) {
    await acme?.close();
    await emulator.close();
    throw error;
  }
}
