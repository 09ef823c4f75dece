import {
  type PatternScreening,
  type RedosVerdicts,
  screenPattern as screenPatternWith,
} from '../patterns/screen-pattern.js';
import {
  type CompiledUrlRule,
  checkUrlRules as checkUrlRulesWith,
  checkUrlRule as checkUrlRuleWith,
  compileUrlRules as compileUrlRulesWith,
  compileUrlRule as compileUrlRuleWith,
  type RuleCheck,
  type SamplePolicy,
  type UrlRuleDefinition,
} from '../patterns/url-rule.js';
import { analyseRedos, analyseRedosAsync } from './analyse-redos.js';

/*
 * `@unfurlkit/core/redos`: the ReDoS analyser, kept out of the main entry so a process that gets its verdicts
 * elsewhere never loads it. The functions below are the main entry's, with `analyseRedos` given, so a pattern
 * no remembered verdict covers is analysed here rather than refused.
 */

export { analyseRedos, analyseRedosAsync };

export function screenPattern(source: string, flags = '', verdicts?: RedosVerdicts): PatternScreening {
  return screenPatternWith(source, flags, verdicts, analyseRedos);
}

/**
 * `screenPattern`, with the ReDoS analysis done by `analyseRedosAsync`: the same checks, policy and verdict, for a
 * process that screens and exits, where recheck's synchronous path costs a worker thread. Patterns screened at
 * once are analysed at once.
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

export function checkUrlRule(definition: UrlRuleDefinition, samplePolicy: SamplePolicy = 'every'): RuleCheck {
  return checkUrlRuleWith(definition, samplePolicy, { analyseRedos });
}

export function checkUrlRules(
  definitions: readonly UrlRuleDefinition[],
  samplePolicy: SamplePolicy = 'every',
): Array<RuleCheck & { name: string }> {
  return checkUrlRulesWith(definitions, samplePolicy, { analyseRedos });
}

export function compileUrlRule(
  definition: UrlRuleDefinition,
  samplePolicy: SamplePolicy = 'every',
): CompiledUrlRule {
  return compileUrlRuleWith(definition, samplePolicy, { analyseRedos });
}

export function compileUrlRules(
  definitions: readonly UrlRuleDefinition[],
  samplePolicy: SamplePolicy = 'every',
  options: { redosVerdicts?: RedosVerdicts } = {},
): CompiledUrlRule[] {
  return compileUrlRulesWith(definitions, samplePolicy, { ...options, analyseRedos });
}
