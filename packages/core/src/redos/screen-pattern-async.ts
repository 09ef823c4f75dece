import type { PatternScreening, RedosVerdicts } from '../patterns/screen-pattern.js';
import { analyseRedosAsync } from './analyse-redos.js';
import { screenPatternWith } from './screen-pattern-with.js';

/*
 * `@unfurlkit/core/redos-screening`: the asynchronous screening alone, for a process that screens patterns and
 * exits (the server's screening child). It loads the screening and the analyser, not the rule compiler and its
 * attribute schemas (zod), which such a process never uses.
 */

/**
 * `screenPattern`, with the ReDoS analysis done by `analyseRedosAsync`: the same checks, policy and verdict, for a
 * process that screens and exits, where recheck's synchronous path costs a worker thread.
 */
export function screenPatternAsync(
  source: string,
  flags = '',
  verdicts?: RedosVerdicts,
): Promise<PatternScreening> {
  return screenPatternWith(source, flags, verdicts, analyseRedosAsync);
}
