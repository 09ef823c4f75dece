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

/** The last `capacity` requests, newest last; kept in memory (it is a debugging view, not state). */
export class TrafficLog {
  private readonly entries: TrafficEntry[] = [];
  private seq = 0;

  constructor(private readonly capacity = 1_000) {}

  record(input: TrafficRecordInput): TrafficEntry {
    const entry: TrafficEntry = {
      seq: ++this.seq,
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
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    return entry;
  }

  list(): readonly TrafficEntry[] {
    return this.entries;
  }

  clear(): void {
    this.entries.length = 0;
  }
}
