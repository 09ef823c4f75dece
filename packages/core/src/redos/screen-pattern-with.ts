import {
  type PatternScreening,
  type RedosVerdict,
  type RedosVerdicts,
  screenPattern,
} from '../patterns/screen-pattern.js';

/** `RedosAnalyser`, asynchronously; `undefined` when it reached no verdict (the pattern stays unanalysed). */
export type AsyncRedosAnalyser = (
  source: string,
  flags: string,
) => Promise<{ verdict: RedosVerdict; lasting: boolean } | undefined>;

/**
 * `screenPattern` with an asynchronous ReDoS analysis: the same checks, key and verdict. The synchronous
 * screening runs first with an analyser that only notes what it was asked; only a pattern that got that far
 * without a remembered verdict is analysed, then screened again with the answer.
 */
export async function screenPatternWith(
  source: string,
  flags: string,
  verdicts: RedosVerdicts | undefined,
  analyse: AsyncRedosAnalyser,
): Promise<PatternScreening> {
  let asked: { source: string; flags: string } | undefined;
  const screening = screenPattern(source, flags, verdicts, (analysedSource, analysedFlags) => {
    asked = { source: analysedSource, flags: analysedFlags };
    return { verdict: NOT_YET, lasting: false };
  });
  if (asked === undefined) return screening; // refused before the analysis, or a remembered verdict
  const analysed = await analyse(asked.source, asked.flags);
  return screenPattern(source, flags, verdicts, analysed ? () => analysed : undefined);
}

const NOT_YET: RedosVerdict = { problems: [], warnings: [] };
