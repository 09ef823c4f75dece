import { Client, isNotionClientError, LogLevel } from '@notionhq/client';
import { DEFAULT_NOTION_VERSION, parseNotionError, type UnfurlObject } from '@unfurlkit/core';
import { parseRetryAfter } from './backoff.js';

/** What one PATCH came to, as the worker needs to decide: done, wait, retry, stop. */
export type PatchOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'rate-limited'; status: 429 | 529; retryAfterMs: number | undefined }
  | { kind: 'transient'; status: number | undefined; reason: string }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'not-found'; reason: string }
  | { kind: 'rejected'; status: number; reason: string };

export interface ExternalObjectClient {
  patch(notionToken: string, body: UnfurlObject): Promise<PatchOutcome>;
}

/**
 * `PATCH /v1/external/object` through the official SDK with its own retries off: the outbox retries durably,
 * across restarts, and paces itself, which an in-memory retry loop cannot. Never throws.
 */
export function createExternalObjectClient(options: {
  apiUrl: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  clock: () => number;
}): ExternalObjectClient {
  const client = new Client({
    baseUrl: options.apiUrl,
    timeoutMs: options.timeoutMs,
    notionVersion: DEFAULT_NOTION_VERSION,
    logLevel: LogLevel.ERROR,
    logger: () => {},
    retry: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return {
    async patch(notionToken, body) {
      try {
        await client.request({
          path: 'external/object',
          method: 'patch',
          auth: notionToken,
          body: { ...body },
        });
        return { kind: 'delivered', status: 200 };
      } catch (error) {
        return classify(error, options.clock());
      }
    },
  };
}

function classify(error: unknown, now: number): PatchOutcome {
  if (!isNotionClientError(error)) {
    return {
      kind: 'transient',
      status: undefined,
      reason: `network: ${(error as Error)?.message ?? String(error)}`,
    };
  }
  if (error.code === 'notionhq_client_request_timeout')
    return { kind: 'transient', status: undefined, reason: 'timeout' };
  const status = 'status' in error ? Number(error.status) : undefined;
  const body = 'body' in error && typeof error.body === 'string' ? safeJson(error.body) : undefined;
  const code = parseNotionError(body)?.code ?? error.code;
  const reason = `${code}${status ? ` (HTTP ${status})` : ''}`;
  if (status === 429 || status === 529) {
    const headers = 'headers' in error ? (error.headers as Headers) : undefined;
    return {
      kind: 'rate-limited',
      status,
      retryAfterMs: parseRetryAfter(headers?.get?.('retry-after'), now),
    };
  }
  if (status === 401) return { kind: 'unauthorized', reason };
  if (status === 404) return { kind: 'not-found', reason };
  if (status !== undefined && status >= 500) return { kind: 'transient', status, reason };
  if (status === 408 || status === 409) return { kind: 'transient', status, reason };
  return { kind: 'rejected', status: status ?? 0, reason };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
