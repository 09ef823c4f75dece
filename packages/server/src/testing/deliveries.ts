import { UnfurlkitError } from '@unfurlkit/core';
import type { TrafficEntry } from '@unfurlkit/emulator';

/** One `PATCH /v1/external/object` as the emulator (Notion) received it. */
export interface Delivery {
  /** The link the update is for (`uri` of the body). */
  uri: string | undefined;
  /** What Notion answered: 200, or 429, 401, 400… (null when no answer was sent). */
  status: number | null;
  /** The body the integration sent: `{ uri, operations: [...] }`. */
  body: unknown;
  /** Notion's answer body. */
  response: unknown;
  /** The traffic log's order of this request. */
  seq: number;
}

/** The PATCHes among traffic entries, oldest first. Pure. */
export function deliveriesIn(entries: readonly TrafficEntry[]): Delivery[] {
  return entries
    .filter((entry) => entry.direction === 'inbound' && entry.kind === 'external-object')
    .map((entry) => {
      const body = entry.requestBody as { uri?: unknown } | null;
      return {
        uri: typeof body?.uri === 'string' ? body.uri : undefined,
        status: entry.status,
        body: entry.requestBody,
        response: entry.responseBody,
        seq: entry.seq,
      };
    });
}

/**
 * Reads deliveries one at a time: `next()` resolves with the first PATCH after the last one it returned,
 * waiting for it up to `timeoutMs` (checked every `pollMs`; the traffic log is in memory, so a check is cheap).
 */
export class DeliveryCursor {
  #seen = 0;

  constructor(private readonly traffic: () => readonly TrafficEntry[]) {}

  async next(options: { timeoutMs?: number; pollMs?: number } = {}): Promise<Delivery> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const pollMs = options.pollMs ?? 10;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = deliveriesIn(this.traffic()).find((delivery) => delivery.seq > this.#seen);
      if (found) {
        this.#seen = found.seq;
        return found;
      }
      if (Date.now() >= deadline) {
        throw new UnfurlkitError(
          'UNFURLKIT_TESTBED_FAILED',
          `nextDelivery: no PATCH /v1/external/object reached the emulator within ${timeoutMs} ms (${deliveriesIn(this.traffic()).length} so far); did integration.changed() queue any preview?`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }
}
