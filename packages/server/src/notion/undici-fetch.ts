import { Agent, request } from 'undici';

/** The request the Notion SDK hands its `fetch` (its `SupportedRequestInit`, plus our abort signal). */
export interface SdkRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  signal?: AbortSignal;
}

/** What the SDK reads of an answer (its `SupportedResponse`). */
export interface SdkResponse {
  ok: boolean;
  status: number;
  headers: Headers;
  text: () => Promise<string>;
}

/**
 * The SDK's `fetch`, sent with undici's `request` over one keep-alive pool: the outbox sends one PATCH per
 * delivery, and the global `fetch` (the same library, behind the WHATWG streams and Request/Response objects)
 * cost more CPU per delivery than the rest of the pipeline. The body is read whole, as the SDK would; an error
 * (refused, reset, aborted by `signal`) rejects, as `fetch` does.
 *
 * @example
 * const client = new Client({ fetch: undiciFetch() });
 */
export function undiciFetch(): (url: string, init?: SdkRequestInit) => Promise<SdkResponse> {
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  return async (url, init = {}) => {
    if (init.body !== undefined && typeof init.body !== 'string')
      throw new TypeError('the outbox sends JSON bodies only');
    const answer = await request(url, {
      method: (init.method ?? 'GET').toUpperCase() as 'GET',
      headers: init.headers,
      body: init.body,
      signal: init.signal,
      dispatcher,
    });
    const text = await answer.body.text();
    return {
      ok: answer.statusCode >= 200 && answer.statusCode < 300,
      status: answer.statusCode,
      headers: headersOf(answer.headers),
      text: () => Promise.resolve(text),
    };
  };
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
