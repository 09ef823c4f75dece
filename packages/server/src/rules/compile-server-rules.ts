import {
  type CompiledUrlRule,
  compileUrlRules,
  type RedosAnalyser,
  type RedosVerdicts,
  type UrlRuleDefinition,
} from '@unfurlkit/core';

/**
 * Compiles the integration's rules on the verdicts remembered or reached outside this process
 * (screen-patterns-aside.ts: recheck's agent, or a Node child), and loads the ReDoS analyser into this process
 * only when one is missing (the screening failed, timed out, could not decide, or did not run because this runs
 * from sources): then the patterns without a verdict are analysed here, as before. When every verdict came from
 * outside, the analyser (tens of MB) is never loaded.
 */
export async function compileServerRules(
  definitions: readonly UrlRuleDefinition[],
  verdicts: RedosVerdicts | undefined,
): Promise<CompiledUrlRule[]> {
  let missing = false;
  const noteMissing: RedosAnalyser = () => {
    missing = true;
    return { verdict: { problems: ['has no ReDoS verdict yet'], warnings: [] }, lasting: false };
  };
  try {
    const rules = compileUrlRules(definitions, 'every', {
      redosVerdicts: verdicts,
      analyseRedos: noteMissing,
    });
    if (!missing) return rules;
  } catch (error) {
    if (!missing) throw error;
  }
  const { analyseRedos } = await import('@unfurlkit/core/redos');
  return compileUrlRules(definitions, 'every', { redosVerdicts: verdicts, analyseRedos });
}
