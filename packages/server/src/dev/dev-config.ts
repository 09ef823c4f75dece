import { join } from 'node:path';
import { DEFAULT_NOTION_REDIRECT_URIS } from '@unfurlkit/core';
import type { ConfigInput } from '../config/load-config.js';
import type { DevCredentials } from './dev-credentials.js';

/** Where `unfurlkit dev` runs things: the integration's address, and the emulator's when it runs one. */
export interface DevPlaces {
  /** The port the integration listens on (the one picked, when 0 was asked for). */
  port: number;
  host: string;
  /** The absolute data folder (SQLite files, dev-credentials.json). */
  dataDir: string;
  /** The emulator's base URL, or undefined with `--no-emulator`. */
  emulatorUrl?: string;
}

/**
 * The configuration `unfurlkit dev` gives the server on top of the environment. Generated credentials fill
 * what the environment leaves unset; with the emulator, Notion's side is the emulator (its URL, the shared
 * Notion credentials, its callback allowed as a redirect_uri), whatever the environment says, since the
 * emulator is configured with exactly these values. Without it, Notion's side comes from the environment.
 *
 * @example devConfigOverrides({}, credentials, { port: 3000, host: '127.0.0.1', dataDir: '/app/data' }).DATABASE_URL
 * // 'sqlite:/app/data/unfurlkit.db'
 */
export function devConfigOverrides(
  env: Readonly<Record<string, string | undefined>>,
  credentials: DevCredentials,
  places: DevPlaces,
): ConfigInput {
  const set = (name: string) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const overrides: ConfigInput = {
    PORT: places.port,
    HOST: places.host,
    DATABASE_URL: set('DATABASE_URL') ?? `sqlite:${join(places.dataDir, 'unfurlkit.db')}`,
    OAUTH_CLIENT_ID: set('OAUTH_CLIENT_ID') ?? credentials.OAUTH_CLIENT_ID,
    OAUTH_CLIENT_SECRET: set('OAUTH_CLIENT_SECRET') ?? credentials.OAUTH_CLIENT_SECRET,
    TOKEN_ENCRYPTION_KEY: set('TOKEN_ENCRYPTION_KEY') ?? credentials.TOKEN_ENCRYPTION_KEY,
  };
  if (places.emulatorUrl === undefined) return overrides;
  const allowed = set('OAUTH_REDIRECT_URIS')?.split(/[\s,]+/) ?? [...DEFAULT_NOTION_REDIRECT_URIS];
  return {
    ...overrides,
    NOTION_API_URL: places.emulatorUrl,
    NOTION_CLIENT_ID: credentials.NOTION_CLIENT_ID,
    NOTION_CLIENT_SECRET: credentials.NOTION_CLIENT_SECRET,
    OAUTH_REDIRECT_URIS: [`${places.emulatorUrl}/externalIntegrationAuthCallback`, ...allowed].join(','),
  };
}
