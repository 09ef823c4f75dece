import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';

type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/**
 * `request.log` made only when a route logs through it. Fastify makes a child logger (bound to the request id)
 * for every request; a pino child costs about as much as the rest of a cached bearer check, and an unfurl that
 * succeeds never writes through it (its one line is the request log's: request-log.ts). Every call goes to the
 * same child that Fastify's default factory would have made, with the same bindings and options.
 */
class LazyRequestLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildOptions;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  get #logger(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    return this.#child;
  }

  get level(): string {
    return this.#logger.level;
  }

  set level(level: string) {
    this.#logger.level = level;
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#logger.child(bindings, options);
  }

  // pino's own methods beyond Fastify's logger interface, which a product's code may call on `request.log`.
  isLevelEnabled(level: string): boolean {
    return this.#pino.isLevelEnabled(level);
  }
  bindings(): Bindings {
    return this.#pino.bindings();
  }
  setBindings(bindings: Bindings): void {
    this.#pino.setBindings(bindings);
  }
  flush(callback?: (error?: Error) => void): void {
    this.#pino.flush(callback);
  }
  get levelVal(): number {
    return this.#pino.levelVal;
  }
  get levels(): Logger['levels'] {
    return this.#pino.levels;
  }

  get #pino(): Logger {
    return this.#logger as Logger;
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
  silent(...args: unknown[]): void {
    this.#write('silent', args);
  }

  #write(level: Level, args: unknown[]): void {
    const logger = this.#logger;
    (logger[level] as (...values: unknown[]) => void).apply(logger, args);
  }
}

/** Fastify's `childLoggerFactory`: the request's logger, made on its first use. */
export function lazyChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildOptions,
): FastifyBaseLogger {
  return new LazyRequestLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}
