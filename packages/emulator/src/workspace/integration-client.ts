import type { EmulatorContext } from '../context/emulator-context.js';

/** What came back from one call to the integration: an HTTP answer, or why none came. */
export type IntegrationAnswer =
  | {
      kind: 'answer';
      status: number;
      text: string;
      /** The body parsed as JSON, or undefined when it is not JSON. */
      json: unknown;
      contentType: string;
    }
  | { kind: 'no-answer'; reason: 'timeout' | 'network'; message: string };

export interface IntegrationRequest {
  /** What the call is in the protocol, for the traffic log: `token`, `refresh`, `unfurl`, … */
  kind: string;
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  /** Already encoded (JSON or form). */
  body?: string;
  /** The integration called, for the traffic log. */
  integration: { id: string; settings: { name: string } };
}

/** The most of an answer the emulator reads; more is a broken integration, not a preview. */
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/**
 * Every call Notion makes to the integration goes through here: a time limit (default 10 s), no exception
 * escapes (a refused connection or a timeout becomes a `no-answer`), and the call lands in the traffic log.
 */
export async function callIntegration(
  context: EmulatorContext,
  request: IntegrationRequest,
): Promise<IntegrationAnswer> {
  const startedAt = context.clock();
  const started = performance.now();
  const headers: Record<string, string> = { 'user-agent': 'unfurlkit-emulator (Notion)', ...request.headers };
  const log = (answer: IntegrationAnswer, responseHeaders: Record<string, string> = {}) => {
    context.traffic.record({
      startedAt,
      direction: 'outbound',
      kind: request.kind,
      integration: { id: request.integration.id, name: request.integration.settings.name },
      method: request.method,
      url: request.url,
      status: answer.kind === 'answer' ? answer.status : null,
      durationMs: performance.now() - started,
      requestHeaders: headers,
      requestBody: request.body ?? null,
      requestContentType: headers['content-type'] ?? '',
      responseHeaders,
      responseBody: answer.kind === 'answer' ? answer.text : null,
      responseContentType: answer.kind === 'answer' ? answer.contentType : '',
      ...(answer.kind === 'no-answer' ? { error: answer.message } : {}),
    });
    return answer;
  };

  try {
    const init: RequestInit = {
      method: request.method,
      headers,
      redirect: 'manual',
      signal: AbortSignal.timeout(context.outboundTimeoutMs),
    };
    if (request.body !== undefined) init.body = request.body;
    const response = await context.fetch(request.url, init);
    const text = await readCapped(response);
    const contentType = response.headers.get('content-type') ?? '';
    const responseHeaders = Object.fromEntries(response.headers.entries());
    return log(
      { kind: 'answer', status: response.status, text, json: parseJson(text), contentType },
      responseHeaders,
    );
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const message = timedOut
      ? `no answer within ${context.outboundTimeoutMs} ms`
      : `could not be reached: ${describeNetworkError(error)}`;
    return log({ kind: 'no-answer', reason: timedOut ? 'timeout' : 'network', message });
  }
}

async function readCapped(response: Response): Promise<string> {
  const buffer = Buffer.from(await response.arrayBuffer());
  if (buffer.byteLength > MAX_ANSWER_BYTES) {
    return `${buffer.subarray(0, MAX_ANSWER_BYTES).toString('utf8')}… (cut at ${MAX_ANSWER_BYTES} bytes)`;
  }
  return buffer.toString('utf8');
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }
  return error.message;
}

/** The first characters of a body, for an error card. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
