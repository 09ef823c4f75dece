import { Agent, errors, request } from 'undici';

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
 * `timeoutMs`: the pool's own limits (`headersTimeout`, `bodyTimeout`) instead of an abort signal per request
 * (a timer, an event target and a listener for every PATCH): a request over it is closed, not left hanging, and
 * rejects with a `TimeoutError`, as an aborted `fetch` does. The answer's headers are made into `Headers` only
 * when read (the outbox reads them for errors only).
 *
 * @example
 * const client = new Client({ fetch: undiciFetch({ timeoutMs: 10_000 }) });
 */
export function undiciFetch(
  options: { timeoutMs?: number } = {},
): (url: string, init?: SdkRequestInit) => Promise<SdkResponse> {
  const limits =
    options.timeoutMs === undefined
      ? {}
      : { headersTimeout: options.timeoutMs, bodyTimeout: options.timeoutMs };
  const dispatcher = new Agent({ keepAliveTimeout: 10_000, ...limits });
  return async (url, init = {}) => {
    if (init.body !== undefined && typeof init.body !== 'string')
      throw new TypeError('the outbox sends JSON bodies only');
    try {
      const answer = await request(url, {
        method: (init.method ?? 'GET').toUpperCase() as 'GET',
        headers: init.headers,
        body: init.body,
        signal: init.signal,
        dispatcher,
      });
      return new UndiciResponse(answer.statusCode, answer.headers, await answer.body.text());
    } catch (error) {
      throw asTimeout(error);
    }
  };
}

/** What the SDK reads of an answer; `headers` made on first read. */
class UndiciResponse implements SdkResponse {
  readonly ok: boolean;
  #headers: Headers | undefined;

  constructor(
    readonly status: number,
    private readonly raw: Record<string, string | string[] | undefined>,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get headers(): Headers {
    this.#headers ??= headersOf(this.raw);
    return this.#headers;
  }

  text(): Promise<string> {
    return Promise.resolve(this.body);
  }
}

/** undici's own timeouts, as `fetch` reports a timed-out request: a DOMException named `TimeoutError`. */
function asTimeout(error: unknown): unknown {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError)
    return new DOMException(`Notion did not answer in time (${(error as Error).message})`, 'TimeoutError');
  return error;
}

function headersOf(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}
