import { randomBytes } from 'node:crypto';
import { UnfurlkitError } from '@unfurlkit/core';
import type { EmulatorOptions, PreviewState, RunningEmulator } from '@unfurlkit/emulator';
import type { ConfigInput } from '../config/load-config.js';
import { createServer, type UnfurlkitServer } from '../create-server.js';
import type { ChangeTarget } from '../integration/change-target.js';
import type { Integration } from '../integration/define-integration.js';
import { deriveNotionSettings, isCompleteSettings } from '../settings/notion-settings.js';
import type { Account } from '../store/store.js';
import { completeConsent } from './consent-flow.js';
import { type Delivery, DeliveryCursor, deliveriesIn } from './deliveries.js';
import { loadEmulator } from './load-emulator.js';
import { SignInTickets, TESTBED_ACCOUNT_HEADER, withTestbedSignIn } from './testbed-sign-in.js';

/** The emulated workspace's two people. */
export type TestbedPerson = 'ada' | 'ben';

export interface TestbedOptions {
  integration: Integration;
  /** Server settings by their environment names, over the testbed's defaults (see docs/testing.md). */
  config?: ConfigInput;
  /** Emulator options (faults, rate limit, `strict`, token lifetime…); port, storage and settings are the testbed's. */
  emulator?: Omit<EmulatorOptions, 'port' | 'host' | 'publicUrl' | 'storage' | 'settings'>;
}

export interface Testbed {
  /** Where the integration server listens, e.g. `http://127.0.0.1:53121`. */
  serverUrl: string;
  /** Where the emulator (Notion) listens. */
  emulatorUrl: string;
  server: UnfurlkitServer;
  /** The running emulator: `setFaults`, `setRateLimit`, `revokeNotionToken`, `traffic()`… */
  emulator: RunningEmulator;
  /** Connects `person`'s workspace as `account` (an id, or `{ id, name }`): both OAuth legs, no browser. */
  connect(person: TestbedPerson, account: Account | string): Promise<{ connectionId: string }>;
  /** Pastes a link as `person` (default ada) and waits for the unfurl: the preview as Notion stores it. */
  paste(uri: string, person?: TestbedPerson): Promise<PreviewState>;
  /** Every preview of `person` (default: both), as Notion stores them now. */
  previews(person?: TestbedPerson): Promise<PreviewState[]>;
  /** `integration.changed(target)`: queues the updates that `nextDelivery()` then sees. */
  changed(target: ChangeTarget): Promise<{ queued: number }>;
  /** The next `PATCH /v1/external/object` Notion received, waiting up to `timeoutMs` (default 10 s). */
  nextDelivery(options?: { timeoutMs?: number }): Promise<Delivery>;
  /** Every PATCH Notion received so far, oldest first. */
  deliveries(): Delivery[];
  /** Removes `person`'s connections in Notion: the integration's Deleted Token Callback is called. */
  disconnect(person: TestbedPerson): Promise<{ disconnected: number }>;
  /** Waits until the emulator's unfurls and callbacks are done. */
  idle(): Promise<void>;
  /** Stops the server and the emulator. */
  close(): Promise<void>;
}

/** The testbed's server defaults: in-memory, quiet, and quick to deliver updates; `config` wins over each. */
function testbedConfig(emulator: RunningEmulator, config: ConfigInput | undefined): ConfigInput {
  const notion = emulator.notionCredentials();
  return {
    PORT: 0,
    HOST: '127.0.0.1',
    DATABASE_URL: 'sqlite::memory:',
    LOG_LEVEL: 'silent',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    OAUTH_CLIENT_ID: 'unfurlkit-testbed',
    OAUTH_CLIENT_SECRET: randomBytes(32).toString('base64url'),
    OAUTH_SCOPES: 'unfurl',
    OAUTH_REDIRECT_URIS: `${emulator.url}/externalIntegrationAuthCallback`,
    NOTION_API_URL: emulator.url,
    NOTION_CLIENT_ID: notion.clientId,
    NOTION_CLIENT_SECRET: notion.clientSecret,
    UPDATES_POLL_MS: 20,
    UPDATES_BACKOFF_BASE_MS: 50,
    UPDATES_BACKOFF_CAP_MS: 500,
    ...config,
  };
}

/**
 * Runs an integration against the Notion emulator, both in this process on free ports, configured for each
 * other: the emulator's settings are derived from the integration (`deriveNotionSettings`), as `unfurlkit
 * settings` prints them. Needs `@unfurlkit/emulator` installed (a dev dependency).
 *
 * @example
 * const bed = await startTestbed({ integration });
 * await bed.connect('ada', { id: 'alice', name: 'Alice' });
 * const preview = await bed.paste('https://acme.com/items/23487', 'ada');
 * await bed.close();
 */
export async function startTestbed(options: TestbedOptions): Promise<Testbed> {
  const { startEmulator } = await loadEmulator();
  const emulator = await startEmulator({ logger: false, ...options.emulator, port: 0, storage: 'memory' });
  const tickets = new SignInTickets();
  let server: UnfurlkitServer | undefined;
  try {
    server = await createServer({
      integration: withTestbedSignIn(options.integration, tickets),
      config: { env: {}, overrides: testbedConfig(emulator, options.config) },
    });
    const serverUrl = await server.listen();
    await emulator.setSettings(emulatorSettings(options.integration, server, serverUrl));
    return testbed({ server, serverUrl, emulator, tickets, integration: options.integration });
  } catch (error) {
    await server?.close();
    await emulator.close();
    throw error;
  }
}

/** What Notion's dashboard would hold for this server, derived from the integration and its configuration. */
function emulatorSettings(integration: Integration, server: UnfurlkitServer, serverUrl: string) {
  const { config } = server;
  const { settings } = deriveNotionSettings({
    integration,
    publicUrl: serverUrl,
    paths: config.paths,
    oauth: config.oauth,
  });
  if (!isCompleteSettings(settings))
    throw new UnfurlkitError('UNFURLKIT_TESTBED_FAILED', 'the OAuth client credentials are missing');
  return settings;
}

interface Parts {
  server: UnfurlkitServer;
  serverUrl: string;
  emulator: RunningEmulator;
  tickets: SignInTickets;
  integration: Integration;
}

/** The testbed's methods over the running parts: the emulator's control API and its in-process helpers. */
function testbed({ server, serverUrl, emulator, tickets, integration }: Parts): Testbed {
  const control = controlApi(emulator.url);
  const cursor = new DeliveryCursor(() => emulator.traffic());
  const previews = async (person?: TestbedPerson) =>
    (await control<{ previews: PreviewState[] }>(`/api/previews${person ? `?person=${person}` : ''}`))
      .previews;
  return {
    serverUrl,
    emulatorUrl: emulator.url,
    server,
    emulator,
    connect: (person, account) => connect(control, tickets, person, account),
    async paste(uri, person = 'ada') {
      const { preview } = await control<{ preview: { id: string } }>('/api/paste', { uri, person });
      // Notion asks the integration on the next page load: /api/refresh is that load (all of person's previews).
      const loaded = await control<{ previews: PreviewState[] }>('/api/refresh', { person });
      const stored = loaded.previews.find((candidate) => candidate.id === preview.id);
      if (!stored)
        throw new UnfurlkitError('UNFURLKIT_TESTBED_FAILED', `paste: the preview of ${uri} vanished`);
      return stored;
    },
    previews,
    changed: (target) => integration.changed(target),
    nextDelivery: (options) => cursor.next(options),
    deliveries: () => deliveriesIn(emulator.traffic()),
    async disconnect(person) {
      const { connections } = await control<{ connections: { id: string }[] }>(
        `/api/connections?person=${person}`,
      );
      for (const { id } of connections) await control(`/api/connections/${id}`, undefined, 'DELETE');
      await emulator.idle();
      return { disconnected: connections.length };
    },
    idle: () => emulator.idle(),
    async close() {
      await server.close();
      await emulator.close();
    },
  };
}

type Control = <T = unknown>(path: string, body?: unknown, method?: string) => Promise<T>;

/** Calls the emulator's control API (JSON in, JSON out); a refusal rejects with its status and message. */
function controlApi(base: string): Control {
  return async <T>(path: string, body?: unknown, method?: string): Promise<T> => {
    const response = await fetch(`${base}${path}`, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      throw new UnfurlkitError(
        'UNFURLKIT_TESTBED_FAILED',
        `the emulator answered ${response.status} to ${path}: ${text.slice(0, 300)}`,
      );
    }
    return (text === '' ? {} : JSON.parse(text)) as T;
  };
}

/**
 * Notion's leg (the emulator makes a code and sends the person to the Authorize URL) and the integration's leg
 * (consent, signed in by a one-use ticket, Allow, the code exchanged at the Token URL), then the new connection.
 */
async function connect(
  control: Control,
  tickets: SignInTickets,
  person: TestbedPerson,
  account: Account | string,
): Promise<{ connectionId: string }> {
  const signedIn = typeof account === 'string' ? { id: account, name: account } : account;
  const before = await connectionIds(control, person);
  const { authorizeUrl } = await control<{ authorizeUrl: string }>('/api/connect', { person });
  const ticket = tickets.issue(signedIn);
  try {
    await completeConsent(authorizeUrl, { [TESTBED_ACCOUNT_HEADER]: ticket });
  } finally {
    tickets.revoke(ticket);
  }
  await control('/api/idle', {});
  const connectionId = (await connectionIds(control, person)).find((id) => !before.includes(id));
  if (!connectionId)
    throw new UnfurlkitError('UNFURLKIT_TESTBED_FAILED', `connect: no new connection for ${person} appeared`);
  return { connectionId };
}

async function connectionIds(control: Control, person: TestbedPerson): Promise<string[]> {
  const { connections } = await control<{ connections: { id: string; pending?: boolean }[] }>(
    `/api/connections?person=${person}`,
  );
  return connections.filter((connection) => !connection.pending).map((connection) => connection.id);
}
