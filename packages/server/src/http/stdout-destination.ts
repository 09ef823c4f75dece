import pino, { type DestinationStream } from 'pino';

/** A destination whose lines may wait for the end of the event loop's turn; `flushSync` writes them now. */
export interface TurnBatchedDestination extends DestinationStream {
  flush(callback?: (error?: Error) => void): void;
  flushSync(): void;
}

/**
 * Every destination made here, written out when the process exits (after `process.exit()` too). Held weakly: a
 * destination whose logger is gone has nothing left to write (a pending turn holds it until it is written).
 */
const live = new Set<WeakRef<TurnBatchedDestination>>();
let exitHookInstalled = false;

/**
 * The server's stdout when no destination is given: pino's own asynchronous destination (sonic-boom), given the
 * lines of each event-loop turn as one write at the end of the turn. At rest (the last turn with lines had one),
 * a turn's first line goes at once.
 *
 * Why: while a write is in flight, sonic-boom appends each new line to the text it holds and measures that text's
 * UTF-8 length again (up to 16 KB) on every line, and starts a thread-pool write per batch. Under the Unfurl
 * Callback's load, that cost more CPU than composing the line (BENCHMARKS.md, eighth round). Joined per turn, the
 * text is measured once per turn. Sending each turn's first line at once even when busy doubled the thread-pool
 * writes and raised the loaded RSS by about 60 MB.
 *
 * Writes stay asynchronous (a slow reader of stdout never blocks the server); what is pending when the process
 * exits is written synchronously then, as pino does for its own destination.
 *
 * @example
 * const logger = pino(options, turnBatchedStdout());
 */
export function turnBatchedStdout(): TurnBatchedDestination {
  // `destroyed` is sonic-boom's, missing from pino's declaration of it.
  const stdout = pino.destination({ dest: 1, sync: false }) as ReturnType<typeof pino.destination> & {
    destroyed: boolean;
  };
  let pending: string[] = [];
  let scheduled = false;
  /** Lines written in the current turn, and whether the last turn with lines had more than one (busy). */
  let linesThisTurn = 0;
  let busy = false;
  const writePending = (): void => {
    scheduled = false;
    busy = linesThisTurn > 1;
    linesThisTurn = 0;
    // Ended by pino's own exit handling (at `beforeExit`): what is left has nowhere to go, as with pino's own.
    if (stdout.destroyed) pending = [];
    if (pending.length === 0) return;
    const text = pending.length === 1 ? (pending[0] as string) : pending.join('');
    pending = [];
    stdout.write(text);
  };
  const destination: TurnBatchedDestination = {
    write(line: string) {
      linesThisTurn += 1;
      if (!scheduled) {
        scheduled = true;
        setImmediate(writePending);
        // At rest, a turn's first line goes at once, as with pino's own destination, so its timing among the
        // process's other writes to stdout (the CLI's "listening" line after the start-up lines) stays as it was.
        if (!busy) {
          stdout.write(line);
          return true;
        }
      }
      pending.push(line);
      return true;
    },
    flush(callback) {
      writePending();
      if (stdout.destroyed) callback?.();
      else stdout.flush(callback);
    },
    flushSync() {
      writePending();
      if (!stdout.destroyed) stdout.flushSync();
    },
  };
  live.add(new WeakRef(destination));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const each of live) each.deref()?.flushSync();
    });
  }
  return destination;
}
