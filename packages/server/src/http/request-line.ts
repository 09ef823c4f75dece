import { redactUrl } from '@unfurlkit/core/http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import pino, { type Logger } from 'pino';

/**
 * Loggers `createLogger` made. Their options are the server's own (`loggerOptions`: the `req` serializer and the
 * redaction paths; no formatters, mixin, hooks or custom timestamp), so their request line can be composed here
 * exactly as pino would compose it. A logger a product passes in may have any of those, and gets the line from
 * pino itself.
 */
const composable = new WeakSet<object>();

/** Marks a logger `createLogger` made (see `composable`). */
export function markComposable<L extends Logger>(logger: L): L {
  composable.add(logger);
  return logger;
}

/** One of pino's symbols its type declarations lack. */
const msgPrefixSym = (pino.symbols as unknown as { msgPrefixSym: symbol }).msgPrefixSym;

/** What shapes a pino line, besides the bindings and the level (both read at each line). */
const LINE_SHAPERS = [
  pino.symbols.mixinSym,
  pino.symbols.hooksSym,
  msgPrefixSym,
  pino.symbols.timeSym,
  pino.symbols.messageKeySym,
  pino.symbols.nestedKeySym,
  pino.symbols.endSym,
  pino.symbols.lsCacheSym,
  pino.symbols.streamSym,
] as const;

/**
 * Whether `logger` is one `createLogger` made, or a child of one (Fastify's `app.log` is a child with its own
 * serializers) whose line is shaped the same: same formatters, mixin, hooks, message prefix, timestamp, keys,
 * levels and stream, and the `req` serializer still `requestSummary`.
 */
export function isComposable(logger: unknown): boolean {
  if (typeof logger !== 'object' || logger === null) return false;
  let root: object | null = logger;
  while (root !== null && !composable.has(root)) root = Object.getPrototypeOf(root) as object | null;
  if (root === null) return false;
  const child = logger as Record<symbol, unknown>;
  const own = root as Record<symbol, unknown>;
  type Formatters = { level?: unknown; log?: unknown };
  const childFormatters = child[pino.symbols.formattersSym] as Formatters;
  const ownFormatters = own[pino.symbols.formattersSym] as Formatters;
  return (
    childFormatters.level === ownFormatters.level &&
    childFormatters.log === ownFormatters.log &&
    LINE_SHAPERS.every((symbol) => child[symbol] === own[symbol]) &&
    (child[pino.symbols.serializersSym] as { req?: unknown }).req === requestSummary
  );
}

/** What the request line says: the request, the answer's status and time, and what the route added. */
export interface RequestLine {
  request: FastifyRequest;
  reply: FastifyReply;
  fields: Record<string, string | number | boolean | null | undefined> | null;
}

/** What a line says of a request (the `req` serializer of every line, and this line's `req`). */
export function requestSummary(request: FastifyRequest): {
  method: string;
  url: string;
  remoteAddress: string;
} {
  return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
}

const MESSAGE = 'request completed';
const INFO = 30;

/**
 * The writer of `logger`'s request lines. Both ways give the same JSON, field for field and in the same order
 * (`request-line.test.ts` compares them): `{"level":30,"time":…,"pid":…,"hostname":…,"reqId":…,"req":{"method",
 * "url" (secret query values redacted),"remoteAddress"},"res":{"statusCode"},"responseTime":…,<route fields>,
 * "msg":"request completed"}`.
 *
 * - A logger `createLogger` made: the line is one `JSON.stringify` of those fields between pino's own prefix (its
 *   level string and bindings, read from it), written to its stream. Why: through `logger.info` the line cost
 *   about twice as much CPU (pino walks the object for serializers and stringifies each value apart), and the
 *   line is a large share of an unfurl's CPU (BENCHMARKS.md, eighth round).
 * - Any other logger: `logger.info(…)`, so its formatters, hooks and serializers apply.
 *
 * Never a header, a body or a token: the URL goes through `redactUrl`, and route fields are ids and outcomes by
 * contract (`addLogFields`).
 */
export function requestLineWriter(logger: FastifyBaseLogger): (line: RequestLine) => void {
  if (!isComposable(logger)) {
    const viaPino = logger.child({}, { redact: { paths: [] } } as object);
    return ({ request, reply, fields }) =>
      viaPino.info(
        {
          reqId: request.id,
          req: request,
          res: { statusCode: reply.statusCode },
          responseTime: reply.elapsedTime,
          ...fields,
        },
        MESSAGE,
      );
  }
  const own = logger as unknown as Logger & Record<symbol, unknown>;
  const stream = own[pino.symbols.streamSym] as { write(line: string): unknown };
  return ({ request, reply, fields }) => {
    if (own.levelVal > INFO) return;
    const body = JSON.stringify({
      reqId: request.id,
      req: requestSummary(request),
      res: { statusCode: reply.statusCode },
      responseTime: reply.elapsedTime,
      ...fields,
    });
    // Read at each line, as pino does: a child's bindings or a level's label can change while the server runs.
    const prefix = (own[pino.symbols.lsCacheSym] as Record<number, string>)[INFO];
    const time = (own[pino.symbols.timeSym] as () => string)();
    const bindings = own[pino.symbols.chindingsSym] as string;
    stream.write(`${prefix}${time}${bindings},${body.slice(1, -1)},"msg":"${MESSAGE}"}\n`);
  };
}
