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

export { screenPatternAsync } from './screen-pattern-async.js';
export { analyseRedos, analyseRedosAsync };

export function screenPattern(source: string, flags = '', verdicts?: RedosVerdicts): PatternScreening {
  return screenPatternWith(source, flags, verdicts, analyseRedos);
}

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
