import { Client, LogLevel } from '@notionhq/client';
import { DEFAULT_NOTION_VERSION } from '@unfurlkit/core';
import type { Logger } from 'pino';

export interface NotionApiOptions {
  apiUrl: string;
  timeoutMs: number;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  logger: Logger;
}

/**
 * The official SDK pointed at `NOTION_API_URL` (the emulator in development). Its own retry handles 429 and 529
 * with `Retry-After`; its log lines carry no secrets at WARN, and we drop response bodies (DEBUG) entirely.
 */
export function createNotionApiClient(options: NotionApiOptions): Client {
  const log = options.logger.child({ component: 'notion-api' });
  return new Client({
    baseUrl: options.apiUrl,
    timeoutMs: options.timeoutMs,
    notionVersion: DEFAULT_NOTION_VERSION,
    logLevel: LogLevel.WARN,
    logger: (level, message, extraInfo) => {
      const { body: _body, ...safe } = extraInfo;
      log[level === LogLevel.ERROR ? 'error' : level === LogLevel.WARN ? 'warn' : 'debug'](
        { notion: safe },
        message,
      );
    },
    retry: { maxRetries: 2, initialRetryDelayMs: 500, maxRetryDelayMs: 5_000 },
    // The SDK's timeout only stops waiting; aborting also closes the request, so a hanging Notion does not keep
    // a socket open per timed-out exchange.
    fetch: (url: string | URL | Request, init?: RequestInit) =>
      (options.fetch ?? fetch)(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) }),
  });
}
