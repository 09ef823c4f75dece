import { Client, LogLevel } from '@notionhq/client';
import { DEFAULT_NOTION_VERSION } from '@unfurlkit/core';
import type { Logger } from 'pino';
import { type SdkRequestInit, type SdkResponse, undiciFetch } from './undici-fetch.js';

/** The fetch the SDK calls: a URL and its request init, an answer it reads `ok`, `status`, `headers`, `text()` of. */
type SdkFetch = (url: string, init?: SdkRequestInit) => Promise<SdkResponse>;

/** Where Notion's API is and how long a call may take: the same for every call this server makes. */
export interface NotionSdkOptions {
  /** `NOTION_API_URL` (the emulator in development). */
  apiUrl: string;
  timeoutMs: number;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  logger: Logger;
}

/**
 * The SDK for calls a person waits on (the code exchange). Its own retry handles 429 and 529 with
 * `Retry-After`; its log lines carry no secrets at WARN, and we drop response bodies (DEBUG) entirely.
 *
 * @example
 * const sdk = createInteractiveSdk({ apiUrl: 'https://api.notion.com', timeoutMs: 10_000, logger });
 */
export function createInteractiveSdk(options: NotionSdkOptions): Client {
  const log = options.logger.child({ component: 'notion-api' });
  return buildClient(options, {
    logLevel: LogLevel.WARN,
    log: (level, notion, message) =>
      log[level === LogLevel.ERROR ? 'error' : level === LogLevel.WARN ? 'warn' : 'debug'](
        { notion },
        message,
      ),
    retry: { maxRetries: 2, initialRetryDelayMs: 500, maxRetryDelayMs: 5_000 },
    fetch: abortingFetch(options),
  });
}

/**
 * The SDK for Notion's token lifecycle (refresh, introspect, revoke): as the interactive one, but without retries
 * of its own, so one call takes at most `timeoutMs` (the outbox retries a failed refresh durably; revoking is best
 * effort and must not hold up the deletion callback's answer).
 *
 * @example
 * const sdk = createLifecycleSdk({ apiUrl: 'https://api.notion.com', timeoutMs: 10_000, logger });
 */
export function createLifecycleSdk(options: NotionSdkOptions): Client {
  const log = options.logger.child({ component: 'notion-api' });
  return buildClient(options, {
    logLevel: LogLevel.ERROR,
    log: (_level, notion, message) => log.debug({ notion }, message),
    retry: false,
    fetch: abortingFetch(options),
  });
}

/**
 * The SDK for the outbox's `PATCH /v1/external/object`, with its own retries off: the outbox retries durably,
 * across restarts, and paces itself, which an in-memory retry loop cannot. (The SDK sets retries per client, not
 * per call, hence two clients built from the same options.)
 *
 * @example
 * const sdk = createOutboxSdk({ apiUrl: 'https://api.notion.com', timeoutMs: 10_000, logger });
 */
export function createOutboxSdk(options: NotionSdkOptions): Client {
  // Without an injected fetch, undici's `request` (undici-fetch.ts): one PATCH per delivery, and the global fetch
  // cost more CPU than the rest of the pipeline. Its pool closes a request over the timeout (no signal per call).
  const send: SdkFetch =
    options.fetch === undefined ? undiciFetch({ timeoutMs: options.timeoutMs }) : abortingFetch(options);
  return buildClient(options, {
    logLevel: LogLevel.ERROR,
    log: () => {},
    retry: false,
    fetch: async (url, init) => {
      const response = await send(url, init);
      if (!response.ok) return response;
      // Notion documents no success body, and the SDK would JSON.parse it: an empty or non-JSON 2xx is still
      // delivered, never an error to retry. (The body was read: the connection goes back to the pool.)
      await response.text().catch(() => undefined);
      return DELIVERED;
    },
  });
}

/** What the outbox's SDK reads for any 2xx: an empty JSON object (shared by every delivery, never changed). */
const DELIVERED: SdkResponse = Object.freeze({
  ok: true,
  status: 200,
  headers: new Headers({ 'content-type': 'application/json' }),
  text: () => Promise.resolve('{}'),
});

interface ClientTuning {
  logLevel: LogLevel;
  /** Receives the SDK's log lines with response bodies removed (they may hold tokens). */
  log: (level: LogLevel, notion: Record<string, unknown>, message: string) => void;
  retry: NonNullable<ConstructorParameters<typeof Client>[0]>['retry'];
  fetch: SdkFetch;
}

/** One SDK client on the shared options (base URL, timeout, Notion-Version); what differs is `tuning`. */
function buildClient(options: NotionSdkOptions, tuning: ClientTuning): Client {
  return new Client({
    baseUrl: options.apiUrl,
    timeoutMs: options.timeoutMs,
    notionVersion: DEFAULT_NOTION_VERSION,
    logLevel: tuning.logLevel,
    logger: (level, message, extraInfo) => {
      const { body: _body, ...safe } = extraInfo;
      tuning.log(level, safe, message);
    },
    retry: tuning.retry,
    fetch: tuning.fetch,
  });
}

/**
 * The SDK's timeout only stops waiting; aborting also closes the request, so a hanging Notion does not keep a
 * socket open per timed-out call.
 */
function abortingFetch(options: NotionSdkOptions): SdkFetch {
  return withTimeout(
    (url, init) => (options.fetch ?? fetch)(url, init as RequestInit) as Promise<SdkResponse>,
    options.timeoutMs,
  );
}

function withTimeout(send: SdkFetch, timeoutMs: number): SdkFetch {
  return (url, init) => send(url, { ...init, signal: AbortSignal.timeout(timeoutMs) } as SdkRequestInit);
}
