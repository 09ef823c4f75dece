import { type AttributeValidation, validateAttributes } from '../attributes/validate-attributes.js';
import { UnfurlkitError } from '../errors/unfurlkit-error.js';
import { uriSchema } from '../operations/unfurl-request.js';
import { formatIssues } from '../validation/validation-issue.js';
import { placeholderNames, substitutePlaceholders } from './placeholders.js';
import { type RedosAnalyser, type RedosVerdicts, screenPattern } from './screen-pattern.js';

/**
 * A URL matching rule (SPEC §1): a name, a JavaScript regex with named groups, sample URLs it must match, and
 * placeholder attributes whose strings may hold `$<group>`.
 */
export interface UrlRuleDefinition {
  name: string;
  /** Regex source (as typed into Notion's settings) or a RegExp. */
  pattern: string | RegExp;
  samples: readonly string[];
  placeholder?: readonly unknown[];
}

export interface CompiledUrlRule {
  name: string;
  regex: RegExp;
  groupNames: readonly string[];
  samples: readonly string[];
  /** Placeholder attributes as given, `$<group>` unsubstituted. */
  placeholder: readonly unknown[];
  warnings: readonly string[];
}

export interface UrlRuleMatch {
  rule: CompiledUrlRule;
  groups: Record<string, string>;
}

/**
 * `every`: each sample must match (unfurlkit's own check, which catches a typo in any sample);
 * `any`: at least one must (what Notion's settings page enforces; the emulator uses it).
 */
export type SamplePolicy = 'every' | 'any';

/**
 * Where a pattern's ReDoS verdict comes from: `redosVerdicts` remembered (and where new ones are put), else
 * `analyseRedos` (from `@unfurlkit/core/redos`). A pattern with neither is refused.
 */
export interface RedosOptions {
  redosVerdicts?: RedosVerdicts;
  analyseRedos?: RedosAnalyser;
}

export interface RuleCheck {
  problems: string[];
  warnings: string[];
}

function regexParts(pattern: string | RegExp): { source: string; flags: string } {
  return typeof pattern === 'string'
    ? { source: pattern, flags: '' }
    : { source: pattern.source, flags: pattern.flags };
}

/**
 * Every problem with one rule, as sentences a person can act on.
 * @example checkUrlRule({ name: 'item', pattern: '^https:\\/\\/acme\\.com\\/items\\/(?<itemNo>\\d+)$', samples: ['https://acme.com/items/1'] }).problems // []
 */
export function checkUrlRule(
  definition: UrlRuleDefinition,
  samplePolicy: SamplePolicy = 'every',
  redos: RedosOptions = {},
): RuleCheck {
  const { problems, warnings } = inspectUrlRule(definition, samplePolicy, redos);
  return { problems, warnings };
}

/** The check, plus the group names its one screening found (the ReDoS analysis is the costly part: run it once). */
function inspectUrlRule(
  definition: UrlRuleDefinition,
  samplePolicy: SamplePolicy,
  redos: RedosOptions,
): RuleCheck & { groupNames: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (typeof definition.name !== 'string' || !/^[\w.-]{1,100}$/.test(definition.name)) {
    problems.push('name must be 1–100 letters, digits, "_", "-" or "."');
  }
  const { source, flags } = regexParts(definition.pattern);
  const screening = screenPattern(source, flags, redos.redosVerdicts, redos.analyseRedos);
  problems.push(...screening.problems.map((p) => `pattern ${p}`));
  warnings.push(...screening.warnings.map((w) => `pattern ${w}`));

  const samples = Array.isArray(definition.samples) ? definition.samples : [];
  if (samples.length === 0) problems.push('needs at least one sample URL');
  let regex: RegExp | undefined;
  if (screening.problems.length === 0) regex = new RegExp(source, flags);
  const matched: string[] = [];
  for (const sample of samples) {
    if (!uriSchema.safeParse(sample).success) {
      problems.push(`sample ${JSON.stringify(sample)} is not an absolute http(s) URL`);
      continue;
    }
    if (!regex) continue;
    if (regex.test(sample)) matched.push(sample);
    else if (samplePolicy === 'every')
      problems.push(`pattern does not match sample ${JSON.stringify(sample)}`);
    else warnings.push(`pattern does not match sample ${JSON.stringify(sample)}`);
  }
  if (regex && samplePolicy === 'any' && samples.length > 0 && matched.length === 0) {
    problems.push('pattern matches none of its sample URLs');
  }

  const placeholder = definition.placeholder ?? [];
  if (!Array.isArray(placeholder)) {
    problems.push('placeholder must be an array of attributes');
  } else if (placeholder.length > 0) {
    for (const name of placeholderNames(placeholder)) {
      if (regex && !screening.groupNames.includes(name)) {
        problems.push(`placeholder uses $<${name}> but the pattern has no group named "${name}"`);
      }
    }
    if (regex && matched[0] !== undefined) {
      const groups = matchGroups(regex, matched[0]) ?? {};
      const report = validateAttributes(substitutePlaceholders(placeholder, groups), { mode: 'receive' });
      problems.push(...report.errors.map((issue) => `placeholder ${formatIssues([issue])}`));
    }
  }
  return { problems, warnings, groupNames: screening.groupNames };
}

/**
 * Checks a whole rule list: each rule, plus names unique across the list.
 */
export function checkUrlRules(
  definitions: readonly UrlRuleDefinition[],
  samplePolicy: SamplePolicy = 'every',
  redos: RedosOptions = {},
): Array<RuleCheck & { name: string }> {
  return inspectUrlRules(definitions, samplePolicy, redos).map(({ name, problems, warnings }) => ({
    name,
    problems,
    warnings,
  }));
}

function inspectUrlRules(
  definitions: readonly UrlRuleDefinition[],
  samplePolicy: SamplePolicy,
  redos: RedosOptions,
): Array<RuleCheck & { name: string; groupNames: string[] }> {
  const seen = new Set<string>();
  return definitions.map((definition) => {
    const check = inspectUrlRule(definition, samplePolicy, redos);
    if (seen.has(definition.name)) check.problems.push(`rule name "${definition.name}" is used twice`);
    seen.add(definition.name);
    return { name: String(definition.name), ...check };
  });
}

function compiled(
  definition: UrlRuleDefinition,
  inspection: { warnings: string[]; groupNames: string[] },
): CompiledUrlRule {
  const { source, flags } = regexParts(definition.pattern);
  return {
    name: definition.name,
    regex: new RegExp(source, flags),
    groupNames: inspection.groupNames,
    samples: [...definition.samples],
    placeholder: [...(definition.placeholder ?? [])],
    warnings: inspection.warnings,
  };
}

/**
 * Compiles a rule, or throws `UNFURLKIT_RULE_INVALID` listing every problem.
 */
export function compileUrlRule(
  definition: UrlRuleDefinition,
  samplePolicy: SamplePolicy = 'every',
  redos: RedosOptions = {},
): CompiledUrlRule {
  const inspection = inspectUrlRule(definition, samplePolicy, redos);
  if (inspection.problems.length > 0) {
    throw new UnfurlkitError(
      'UNFURLKIT_RULE_INVALID',
      `rule "${String(definition.name)}": ${inspection.problems.join('; ')}`,
      { details: { rule: definition.name, problems: inspection.problems } },
    );
  }
  return compiled(definition, inspection);
}

/**
 * Compiles a whole rule list, checking each rule once, or throws one `UNFURLKIT_RULE_INVALID` listing every
 * problem of every rule (names unique across the list included). `redosVerdicts`: ReDoS verdicts remembered
 * from an earlier run (and where new ones are put), so a pattern already analysed is not analysed again;
 * `analyseRedos` analyses the others (without it they are refused).
 */
export function compileUrlRules(
  definitions: readonly UrlRuleDefinition[],
  samplePolicy: SamplePolicy = 'every',
  options: RedosOptions = {},
): CompiledUrlRule[] {
  const inspections = inspectUrlRules(definitions, samplePolicy, options);
  const broken = inspections.filter((inspection) => inspection.problems.length > 0);
  if (broken.length > 0) {
    const lines = broken.flatMap((c) => c.problems.map((p) => `  - rule "${c.name}": ${p}`));
    throw new UnfurlkitError('UNFURLKIT_RULE_INVALID', `URL rules cannot work:\n${lines.join('\n')}`, {
      details: { rules: broken.map(({ name, problems, warnings }) => ({ name, problems, warnings })) },
    });
  }
  return definitions.map((definition, index) => compiled(definition, inspections[index]!));
}

function matchGroups(regex: RegExp, uri: string): Record<string, string> | undefined {
  const match = regex.exec(uri);
  if (!match) return undefined;
  const groups: Record<string, string> = {};
  const found = match.groups;
  if (found === undefined) return groups;
  // A plain loop: this runs on every unfurl, and entries → filter → fromEntries allocated three arrays for it.
  for (const name in found) {
    const value = found[name];
    if (value === undefined) continue;
    // Defined, not assigned, so a group named `__proto__` is kept as a property, not taken as the prototype.
    if (name === '__proto__')
      Object.defineProperty(groups, name, { value, enumerable: true, writable: true, configurable: true });
    else groups[name] = value;
  }
  return groups;
}

/**
 * The first rule (in order) whose pattern matches `uri`, with its named groups.
 * @example matchUrlRules(rules, 'https://acme.com/items/23487') // { rule, groups: { site: 'https://acme.com', itemNo: '23487' } }
 */
export function matchUrlRules(rules: readonly CompiledUrlRule[], uri: string): UrlRuleMatch | undefined {
  for (const rule of rules) {
    const groups = matchGroups(rule.regex, uri);
    if (groups) return { rule, groups };
  }
  return undefined;
}

/**
 * A rule's placeholder attributes for one match, `$<group>` substituted and validated (tolerantly: the
 * placeholder is what Notion draws while it waits, so `dev` is not required).
 */
export function placeholderAttributes(match: UrlRuleMatch): AttributeValidation {
  return validateAttributes(substitutePlaceholders(match.rule.placeholder, match.groups), {
    mode: 'receive',
  });
}
