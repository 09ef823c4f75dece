import { check, checkSync, type Diagnostics } from 'recheck';
import type { RedosAnalyser, RedosVerdict } from '../patterns/screen-pattern.js';

/**
 * The ReDoS analysis of a URL rule's pattern (SPEC §1, a choice; SECURITY: resource endpoints).
 *
 * Policy: `recheck` proves the worst-case matching time. Exponential patterns and polynomial ones of degree 3
 * or more are refused; degree 2 is accepted with a warning because a uri is capped at 2,000 characters (at
 * most a few million steps). "Could not decide" is refused, and not `lasting`: a URL pattern that defeats the
 * analyser is too clever to trust, and a timeout on a loaded machine may decide next time.
 */
export const analyseRedos: RedosAnalyser = (source, flags) =>
  verdictOf(checkSync(source, flags, { timeout: ANALYSIS_TIMEOUT_MS }));

/**
 * The same analysis and policy as `analyseRedos`, asynchronously: recheck's `check` talks to its native agent
 * directly, where `checkSync` first starts a worker thread to wait on it (about 200 ms more for the first
 * pattern). For a process that screens and exits (the server's screening child). The time limit counts from when
 * the agent starts on the pattern, so analyses run together share the machine: await one before the next where
 * each must have its whole limit.
 */
export async function analyseRedosAsync(
  source: string,
  flags: string,
): Promise<{ verdict: RedosVerdict; lasting: boolean }> {
  return verdictOf(await check(source, flags, { timeout: ANALYSIS_TIMEOUT_MS }));
}

const ANALYSIS_TIMEOUT_MS = 5_000;

function verdictOf(diagnostics: Diagnostics): { verdict: RedosVerdict; lasting: boolean } {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (diagnostics.status === 'vulnerable') {
    const { complexity } = diagnostics;
    const attack = `e.g. ${JSON.stringify(diagnostics.attack.pattern)}`;
    if (complexity.type === 'exponential' || complexity.degree >= 3) {
      problems.push(
        `can backtrack catastrophically (${complexity.summary} time, ${attack}); make the repeats unambiguous`,
      );
    } else {
      warnings.push(
        `matching time is ${complexity.summary} in the URL's length (acceptable under the 2,000-character cap)`,
      );
    }
  } else if (diagnostics.status === 'unknown') {
    problems.push(
      `its worst-case matching time could not be proven safe (${diagnostics.error.kind}); simplify it`,
    );
  }
  return { verdict: { problems, warnings }, lasting: diagnostics.status !== 'unknown' };
}
