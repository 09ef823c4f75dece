import { parseJsonSafely } from './notion-side.js';

/** One answer of the integration, as the checker saw it. */
export interface HttpAnswer {
  url: string;
  method: string;
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
  durationMs: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';
  url: string;
  headers?: Record<string, string>;
  body?: string;
}

/** Where the integration's answers are kept for the checks that look at all of them (leaks, stack traces). */
export interface AnswerLog {
  add(answer: HttpAnswer): void;
}

const MAX_BODY_CHARS = 256 * 1024;

/**
 * Every call the checker makes to the integration: no redirect followed (a redirect is an answer to judge),
 * a time limit, and the answer logged. A refused connection or a timeout throws, with the URL in the message.
 */
export async function callIntegration(
  request: HttpRequest,
  timeoutMs: number,
  log: AnswerLog,
): Promise<HttpAnswer> {
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: { 'user-agent': 'unfurlkit-conformance (Notion)', ...request.headers },
      ...(request.body !== undefined ? { body: request.body } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new Error(
      `${request.method} ${request.url} got no answer: ${cause ?? (error as Error).message}${(error as Error).name === 'TimeoutError' ? ` (within ${timeoutMs} ms)` : ''}`,
    );
  }
  const full = await response.text().catch(() => '');
  const text = full.length > MAX_BODY_CHARS ? full.slice(0, MAX_BODY_CHARS) : full;
  const answer: HttpAnswer = {
    url: request.url,
    method: request.method,
    status: response.status,
    headers: Object.fromEntries([...response.headers.entries()].map(([k, v]) => [k.toLowerCase(), v])),
    text,
    json: text.trim() === '' ? undefined : parseJsonSafely(text),
    durationMs: performance.now() - started,
  };
  log.add(answer);
  return answer;
}

/** `status header-excerpt body-excerpt`, for a check's detail. */
export function describeAnswer(answer: HttpAnswer): string {
  const body = answer.text.replace(/\s+/g, ' ').trim();
  const location = answer.headers.location ? ` Location: ${answer.headers.location}` : '';
  return `${answer.method} ${new URL(answer.url).pathname} → ${answer.status}${location}${body ? ` ${body.slice(0, 160)}${body.length > 160 ? '…' : ''}` : ''}`;
}

/** `application/x-www-form-urlencoded` of the fields. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** RFC 6749 §2.3.1: the client id and secret form-urlencoded, then joined by a colon and base64-encoded. */
export function basicCredentials(id: string, secret: string): string {
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(id)}:${encode(secret)}`).toString('base64')}`;
}
