import {
  type PatternScreening,
  type RedosVerdicts,
  screenPattern as screenPatternWith,
} from '../patterns/screen-pattern.js';
import { analyseRedosAsync } from './analyse-redos.js';

/*
 * `@unfurlkit/core/redos-screening`: the asynchronous screening alone, for a process that screens patterns and
 * exits (the server's screening child). It loads the screening and the analyser, not the rule compiler and its
 * attribute schemas (zod), which such a process never uses.
 */

/**
 * `screenPattern`, with the ReDoS analysis done by `analyseRedosAsync`: the same checks, policy and verdict, for a
 * process that screens and exits, where recheck's synchronous path costs a worker thread.
 */
export async function screenPatternAsync(
  source: string,
  flags = '',
  verdicts?: RedosVerdicts,
): Promise<PatternScreening> {
  let asked: { source: string; flags: string } | undefined;
  const screening = screenPatternWith(source, flags, verdicts, (analysedSource, analysedFlags) => {
    asked = { source: analysedSource, flags: analysedFlags };
    return { verdict: NOT_YET, lasting: false };
  });
  if (asked === undefined) return screening; // refused before the analysis, or a remembered verdict
  const analysed = await analyseRedosAsync(asked.source, asked.flags);
  return screenPatternWith(source, flags, verdicts, () => analysed);
}

const NOT_YET = { problems: [], warnings: [] };
