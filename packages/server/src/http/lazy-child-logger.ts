import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';

type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger['child']>[1];
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** pino's default levels; a custom level name is taken as enabled (the real child decides). */
const LEVELS: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/**
 * `parent.child(bindings, options)`, made at the first line that would be written. Fastify makes a child logger
 * (bound to the request id) for every request, and the outbox worker one per delivery; a pino child prepares its
 * bindings and redaction when made, which cost more CPU than the rest of a cached bearer check, or of a delivery's
 * bookkeeping, and most of them never write: an unfurl that succeeds writes only the request line
 * (request-log.ts), a delivery nothing at the level in force. A line at a level that is off is dropped without
 * making the child, as the child would drop it. Also Fastify's `childLoggerFactory`.
 *
 * @example
 * const log = lazyChildLogger(logger, { connectionId, uri });
 * log.debug('skipped'); // no child made at LOG_LEVEL=info
 */
export function lazyChildLogger(
  parent: FastifyBaseLogger,
  bindings: Bindings,
  options?: ChildOptions,
): FastifyBaseLogger {
  return new LazyChildLogger(parent, bindings, options) as unknown as FastifyBaseLogger;
}

class LazyChildLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildOptions;
  #child: FastifyBaseLogger | undefined;

  constructor(parent: FastifyBaseLogger, bindings: Bindings, options: ChildOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  get level(): string {
    return this.#child?.level ?? this.#options?.level ?? this.#parent.level;
  }

  set level(level: string) {
    this.#real().level = level;
  }

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
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
  silent(): void {}

  // pino's own methods beyond Fastify's logger interface, which a product's code may call on `request.log`.
  isLevelEnabled(level: string): boolean {
    return this.#pino().isLevelEnabled(level);
  }
  bindings(): Bindings {
    return this.#pino().bindings();
  }
  setBindings(bindings: Bindings): void {
    this.#pino().setBindings(bindings);
  }
  flush(callback?: (error?: Error) => void): void {
    this.#pino().flush(callback);
  }
  get levelVal(): number {
    return this.#pino().levelVal;
  }
  get levels(): Logger['levels'] {
    return this.#pino().levels;
  }

  #write(level: Level, args: unknown[]): void {
    if ((LEVELS[level] as number) < (LEVELS[this.level] ?? 0)) return;
    const child = this.#real();
    (child[level] as (...values: unknown[]) => void).apply(child, args);
  }

  #real(): FastifyBaseLogger {
    this.#child ??= this.#parent.child(this.#bindings, this.#options);
    return this.#child;
  }

  #pino(): Logger {
    return this.#real() as Logger;
  }
}
