import type { IncomingHttpHeaders } from 'node:http';
import { Agent, type Dispatcher, errors } from 'undici';

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
 * The SDK's `fetch`, sent through one keep-alive undici pool at its lowest level (`dispatch` with a handler that
 * gathers the answer): the outbox sends one PATCH per delivery, and the global `fetch` (the same library, behind
 * the WHATWG streams and Request/Response objects) cost more CPU per delivery than the rest of the pipeline, and
 * undici's own `request` still made a readable stream and an async resource per answer for a body read whole
 * (BENCHMARKS.md, eighth round). The body is read whole, as the SDK would; an error (refused, reset, aborted by
 * `signal`) rejects, as `fetch` does.
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
    const { body, signal } = init;
    if (body !== undefined && typeof body !== 'string')
      throw new TypeError('the outbox sends JSON bodies only');
    signal?.throwIfAborted();
    const target = new URL(url);
    return new Promise<SdkResponse>((resolve, reject) => {
      const answer = new AnswerGatherer(resolve, reject, signal);
      dispatcher.dispatch(
        {
          origin: target.origin,
          path: `${target.pathname}${target.search}`,
          method: (init.method ?? 'GET').toUpperCase() as Dispatcher.HttpMethod,
          headers: init.headers,
          body,
        },
        answer,
      );
    });
  };
}

/**
 * One request's handler: the status and headers, then the body's chunks, resolved as one answer at its end;
 * rejected with undici's error (timeouts as `fetch` reports them) or with `signal`'s reason when it aborts first.
 */
class AnswerGatherer implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  readonly #chunks: Buffer[] = [];
  readonly #onAbort: (() => void) | undefined;

  constructor(
    private readonly resolve: (answer: SdkResponse) => void,
    private readonly reject: (error: unknown) => void,
    private readonly signal: AbortSignal | undefined,
  ) {
    if (signal) {
      this.#onAbort = () => this.#controller?.abort(signal.reason);
      signal.addEventListener('abort', this.#onAbort, { once: true });
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    // Aborted between the dispatch and the connection: nothing could be told to stop before now.
    if (this.signal?.aborted) controller.abort(this.signal.reason);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    status: number,
    headers: IncomingHttpHeaders,
  ): void {
    this.#status = status;
    this.#headers = headers;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    this.#done();
    const body =
      this.#chunks.length === 1 ? this.#chunks[0]!.toString() : Buffer.concat(this.#chunks).toString();
    this.resolve(new UndiciResponse(this.#status, this.#headers, body));
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    this.#done();
    this.reject(asTimeout(error));
  }

  #done(): void {
    if (this.#onAbort) this.signal?.removeEventListener('abort', this.#onAbort);
  }
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
