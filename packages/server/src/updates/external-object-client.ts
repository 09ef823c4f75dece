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
  const baseFetch = options.fetch ?? fetch;
  const client = new Client({
    baseUrl: options.apiUrl,
    timeoutMs: options.timeoutMs,
    notionVersion: DEFAULT_NOTION_VERSION,
    logLevel: LogLevel.ERROR,
    logger: () => {},
    retry: false,
    fetch: async (url: string | URL | Request, init?: RequestInit) => {
      // The SDK's timeout only stops waiting; the abort also closes the request, so a hanging Notion does not
      // keep a socket open per timed-out PATCH.
      const response = await baseFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
      if (!response.ok) return response;
      // Notion documents no success body, and the SDK would JSON.parse it: an empty or non-JSON 2xx is still
      // delivered, never an error to retry.
      await response.arrayBuffer().catch(() => undefined);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    },
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
  // Our abort signal and the SDK's timer fire together: either way it is a timeout.
  if (error instanceof Error && error.name === 'TimeoutError')
    return { kind: 'transient', status: undefined, reason: 'timeout' };
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
