import { maskBody, maskHeaders } from './mask-secrets.js';

/** Which way a request went: the integration calling Notion's API, or Notion calling the integration. */
export type TrafficDirection = 'inbound' | 'outbound';

/** One request between the emulator and the integration, secrets masked. */
export interface TrafficEntry {
  /** Increases with every entry: the order requests were recorded (completed) in. */
  seq: number;
  /** When the request started (the emulator's clock), ISO-8601. */
  at: string;
  direction: TrafficDirection;
  /** What the request is in the protocol, e.g. `oauth-token`, `external-object`, `unfurl`, `unfurl-delete`. */
  kind: string;
  method: string;
  url: string;
  /** HTTP status, or null when no answer came (timeout, refused connection). */
  status: number | null;
  durationMs: number;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  responseHeaders: Record<string, string>;
  responseBody: unknown;
  /** Why no usable answer came, when none did. */
  error?: string;
  /** The integration the request concerns (by name and id); null when it is not known (e.g. bad credentials). */
  integration: string | null;
  integrationId: string | null;
}

export interface TrafficRecordInput {
  integration?: { id: string; name: string } | null;
  startedAt: number;
  direction: TrafficDirection;
  kind: string;
  method: string;
  url: string;
  status: number | null;
  durationMs: number;
  requestHeaders: Record<string, string | string[] | undefined>;
  requestBody: unknown;
  requestContentType?: string;
  responseHeaders?: Record<string, string | string[] | undefined>;
  responseBody: unknown;
  responseContentType?: string;
  error?: string;
}

/**
 * The last `capacity` requests, newest last; kept in memory (it is a debugging view, not state). Secrets are
 * masked when the log is read, not when a request is recorded: masking copies every body, and the log is read
 * once in a while (its page, its JSON) while a load can send thousands of requests a second that nobody looks at.
 * What is kept until then is only ever handed out masked.
 */
export class TrafficLog {
  /** Recorded entries, each masked at the first `list()` after it came (a function until then). */
  private readonly entries: Array<TrafficEntry | (() => TrafficEntry)> = [];
  private seq = 0;

  constructor(private readonly capacity = 1_000) {}

  record(input: TrafficRecordInput): void {
    const seq = ++this.seq;
    this.entries.push(() => maskedEntry(seq, input));
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  list(): readonly TrafficEntry[] {
    for (const [index, entry] of this.entries.entries()) {
      if (typeof entry === 'function') this.entries[index] = entry();
    }
    return this.entries as TrafficEntry[];
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** The entry shown for a recorded request: secrets masked, numbers rounded. */
function maskedEntry(seq: number, input: TrafficRecordInput): TrafficEntry {
  const entry: TrafficEntry = {
    seq,
    at: new Date(input.startedAt).toISOString(),
    direction: input.direction,
    kind: input.kind,
    method: input.method.toUpperCase(),
    url: input.url,
    status: input.status,
    durationMs: Math.round(input.durationMs * 10) / 10,
    requestHeaders: maskHeaders(input.requestHeaders),
    requestBody: maskBody(input.requestBody, input.requestContentType),
    responseHeaders: maskHeaders(input.responseHeaders ?? {}),
    responseBody: maskBody(input.responseBody, input.responseContentType),
    integration: input.integration?.name ?? null,
    integrationId: input.integration?.id ?? null,
  };
  if (input.error !== undefined) entry.error = input.error;
  return entry;
}
