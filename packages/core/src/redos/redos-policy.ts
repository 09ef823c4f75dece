import type { Diagnostics } from 'recheck';
import type { RedosVerdict } from '../patterns/screen-pattern.js';

/** recheck's time limit per pattern. */
export const ANALYSIS_TIMEOUT_MS = 5_000;

/**
 * The ReDoS analysis of a URL rule's pattern (SPEC §1, a choice; SECURITY: resource endpoints).
 *
 * Policy: `recheck` proves the worst-case matching time. Exponential patterns and polynomial ones of degree 3
 * or more are refused; degree 2 is accepted with a warning because a uri is capped at 2,000 characters (at
 * most a few million steps). "Could not decide" is refused, and not `lasting`: a URL pattern that defeats the
 * analyser is too clever to trust, and a timeout on a loaded machine may decide next time.
 */
export function verdictOf(diagnostics: Diagnostics): { verdict: RedosVerdict; lasting: boolean } {
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
