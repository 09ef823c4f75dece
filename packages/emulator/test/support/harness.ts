import type { EmulatorOptions, RunningEmulator } from '../../src/index.js';
import { startEmulator } from '../../src/index.js';
import {
  type FixtureIntegration,
  type FixtureOptions,
  startFixtureIntegration,
} from '../fixtures/fixture-integration.js';

/** A controllable clock for expiry tests: starts at a fixed instant, moves only when told. */
export function manualClock(start = Date.UTC(2026, 0, 1, 9, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export interface Harness {
  emulator: RunningEmulator;
  fixture: FixtureIntegration;
  close(): Promise<void>;
}

/** The emulator (memory, no log) configured for a fixture integration, both on 127.0.0.1 with free ports. */
export async function startHarness(
  options: { fixture?: FixtureOptions; emulator?: EmulatorOptions } = {},
): Promise<Harness> {
  const fixture = await startFixtureIntegration(options.fixture);
  const emulator = await startEmulator({
    port: 0,
    storage: 'memory',
    logger: false,
    settings: fixture.settings(),
    ...options.emulator,
  });
  fixture.setEmulatorUrl(emulator.url);
  return {
    emulator,
    fixture,
    close: async () => {
      await emulator.close();
      await fixture.close();
    },
  };
}

export async function jsonRequest(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: unknown; text: string }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined
      ? { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }
      : {}),
    redirect: 'manual',
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

/**
 * Runs the connect flow over HTTP, as a browser would, without one: paste (JSON API) → the fixture's consent
 * (Allow or Deny) → the emulator's callback. Returns the callback's answer and the paste's preview id.
 */
export async function connectOverHttp(
  harness: Harness,
  options: { uri: string; person?: 'ada' | 'ben'; decision?: 'allow' | 'deny' },
): Promise<{ previewId: string; callbackStatus: number; callbackBody: string; authorizeUrl: URL }> {
  const pasted = await jsonRequest(`${harness.emulator.url}/api/paste`, {
    method: 'POST',
    body: { uri: options.uri, person: options.person ?? 'ada' },
  });
  const body = pasted.body as { preview: { id: string }; authorizeUrl: string | null };
  if (!body.authorizeUrl) throw new Error(`expected an authorize URL, got ${pasted.text}`);
  const authorizeUrl = new URL(body.authorizeUrl);
  const callback = await completeConsent(harness, authorizeUrl, options.decision ?? 'allow');
  return {
    previewId: body.preview.id,
    callbackStatus: callback.status,
    callbackBody: callback.body,
    authorizeUrl,
  };
}

/** The fixture's consent (Allow or Deny) for an Authorize URL, then the emulator's callback. */
export async function completeConsent(
  harness: Harness,
  authorizeUrl: URL,
  decision: 'allow' | 'deny',
): Promise<{ status: number; body: string }> {
  const form = new URLSearchParams({
    code: encodeURIComponent(authorizeUrl.searchParams.get('code') ?? ''),
    redirect_uri: encodeURIComponent(authorizeUrl.searchParams.get('redirect_uri') ?? ''),
    state: encodeURIComponent(authorizeUrl.searchParams.get('state') ?? ''),
    decision,
  });
  const consent = await fetch(`${harness.fixture.url}/notion/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = consent.headers.get('location');
  if (!location) throw new Error(`the fixture did not redirect: ${consent.status}`);
  const callback = await fetch(location, { redirect: 'manual' });
  return { status: callback.status, body: await callback.text() };
}

export interface PreviewJson {
  id: string;
  person: string;
  connectionId: string | null;
  uri: string;
  state: string;
  attributes: Array<{ id: string; inline?: Record<string, { value: unknown }> }> | null;
  placeholder: unknown[];
  error: { status: number; message: string } | null;
  failure: { title: string; detail: string; httpStatus?: number } | null;
  warnings: string[];
}

/** Asks the emulator to refresh a person's previews (as a page visit does) and returns them. */
export async function refresh(harness: Harness, person: 'ada' | 'ben' = 'ada'): Promise<PreviewJson[]> {
  const answer = await jsonRequest(`${harness.emulator.url}/api/refresh`, {
    method: 'POST',
    body: { person },
  });
  return (answer.body as { previews: PreviewJson[] }).previews;
}

export async function previews(harness: Harness, person?: 'ada' | 'ben'): Promise<PreviewJson[]> {
  const answer = await jsonRequest(
    `${harness.emulator.url}/api/previews${person ? `?person=${person}` : ''}`,
  );
  return (answer.body as { previews: PreviewJson[] }).previews;
}

export function titleOf(preview: PreviewJson | undefined): unknown {
  const title = preview?.attributes?.find((a) => a.id === 'title');
  return title?.inline?.title?.value;
}

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

export type { EmulatorOptions };
