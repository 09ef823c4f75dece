import { type Client, isNotionClientError } from '@notionhq/client';
import { parseNotionError, type UnfurlObject } from '@unfurlkit/core';
import { parseRetryAfter } from './retry-after.js';

/** What one PATCH came to, as the worker needs to decide: done, wait, retry, stop. */
export type PatchOutcome =
  | { kind: 'delivered'; status: number }
  | { kind: 'rate-limited'; status: 429 | 529; retryAfterMs: number | undefined }
  | { kind: 'transient'; status: number | undefined; reason: string }
  | { kind: 'unauthorized'; reason: string }
  | { kind: 'not-found'; reason: string }
  | { kind: 'rejected'; status: number; reason: string };

/**
 * `PATCH /v1/external/object` (SPEC §4) with one person's Notion token, through the outbox's SDK (no retries of
 * its own). Never throws: every answer, timeout and network failure becomes a {@link PatchOutcome}.
 *
 * @example
 * const outcome = await patchExternalObject(createOutboxSdk(options), notionToken, body, Date.now);
 * if (outcome.kind === 'rate-limited') console.log(`wait ${outcome.retryAfterMs} ms`);
 */
export async function patchExternalObject(
  sdk: Client,
  notionToken: string,
  body: UnfurlObject,
  clock: () => number,
): Promise<PatchOutcome> {
  try {
    await sdk.request({ path: 'external/object', method: 'patch', auth: notionToken, body: { ...body } });
    return { kind: 'delivered', status: 200 };
  } catch (error) {
    return classify(error, clock());
  }
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
