import { type AST, RegExpParser } from '@eslint-community/regexpp';
import recheckPackage from 'recheck/package.json' with { type: 'json' };
import { provablyLinear } from './linear-match-proof.js';

/**
 * Checks a URL rule's regex before it is ever run on a request (SPEC §1, a choice; SECURITY: resource
 * endpoints): it must compile, be anchored at both ends in every top-level alternative (so `^a|b$` does not
 * slip through), use no stateful or anchor-bending flags, and pass a ReDoS analysis.
 *
 * The ReDoS verdict comes from `verdicts` (remembered, or reached by another process) or from the `analyse`
 * function given, `analyseRedos` of `@unfurlkit/core/redos` (its policy is stated there). It is injected so this
 * entry never loads the analyser (tens of MB): a server whose verdicts all came from a child process never pays
 * for it. A pattern with neither a verdict nor an analyser is refused: nothing is accepted unanalysed.
 *
 * Except where `provablyLinear` proves the matching time linear (the common URL shape: literals, classes and
 * unambiguous greedy repeats between ^ and $): its verdict is recheck's `safe` one, no problems and no warnings,
 * reached without asking `verdicts` or `analyse`, so no key is looked up or stored for it and a server spawns
 * nothing for it. Why: the analyser runs in a separate process and takes about 100 ms for its first pattern, most
 * of a server's first start, while the proof is a walk over the pattern parsed here anyway, and says "linear"
 * only where recheck would say safe. Anything it does not prove is analysed as before.
 */
export interface PatternScreening {
  problems: string[];
  warnings: string[];
  /** Named capture groups, in order of appearance. */
  groupNames: string[];
}

/** What the ReDoS analysis of one pattern concluded: the problems and warnings it adds to the screening. */
export interface RedosVerdict {
  problems: string[];
  warnings: string[];
}

/**
 * Analyses one pattern for ReDoS. Not `lasting` when it could not decide (a timeout on a loaded machine may
 * decide next time): such a verdict is used now and not remembered.
 */
export type RedosAnalyser = (source: string, flags: string) => { verdict: RedosVerdict; lasting: boolean };

/**
 * Where verdicts are remembered between runs (a server keeps them in its database), by key: the analyser's
 * version, this policy's version, the flags and the source, so a new analyser or policy screens again.
 */
export interface RedosVerdicts {
  get(key: string): RedosVerdict | undefined;
  set(key: string, verdict: RedosVerdict): void;
}

/** Bumped whenever what a verdict says changes (the degree limit, a message), so remembered verdicts expire. */
const REDOS_POLICY = 'redos-policy-1';

const ALLOWED_FLAGS = new Set(['i', 'u', 'v', 's', 'd']);

export function screenPattern(
  source: string,
  flags = '',
  verdicts?: RedosVerdicts,
  analyse?: RedosAnalyser,
): PatternScreening {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const flag of flags) {
    if (!ALLOWED_FLAGS.has(flag))
      problems.push(`flag "${flag}" is not allowed (g, y and m change what ^ and $ mean)`);
  }
  try {
    new RegExp(source, flags);
  } catch (error) {
    problems.push(`not a valid JavaScript regex: ${(error as Error).message}`);
    return { problems, warnings, groupNames: [] };
  }

  let ast: AST.Pattern;
  let groupNames: string[] = [];
  try {
    ast = new RegExpParser({ ecmaVersion: 2025 }).parsePattern(source, 0, source.length, {
      unicode: flags.includes('u'),
      unicodeSets: flags.includes('v'),
    });
    ast.alternatives.forEach((alternative, index) => {
      const first = alternative.elements[0];
      const last = alternative.elements[alternative.elements.length - 1];
      const where = ast.alternatives.length > 1 ? ` (alternative ${index + 1})` : '';
      if (first?.type !== 'Assertion' || first.kind !== 'start') problems.push(`must start with ^${where}`);
      if (last?.type !== 'Assertion' || last.kind !== 'end') problems.push(`must end with $${where}`);
    });
    groupNames = collectGroupNames(ast);
  } catch (error) {
    problems.push(`cannot be analysed: ${(error as Error).message}`);
    return { problems, warnings, groupNames };
  }
  if (problems.length > 0) return { problems, warnings, groupNames };

  const analysed = analysisFlags(source, flags);
  if (analysed === undefined) {
    problems.push(
      'uses set syntax of the v flag, which the ReDoS analysis cannot read; write it for the u flag',
    );
    return { problems, warnings, groupNames };
  }
  const verdict = provablyLinear(ast, analysed) ? LINEAR : redosVerdict(source, analysed, verdicts, analyse);
  problems.push(...verdict.problems);
  warnings.push(...verdict.warnings);
  return { problems, warnings, groupNames };
}

/**
 * The flags to hand to `recheck`, which knows neither `d` nor `v`: `d` only adds match indices, so it is
 * dropped; a `v` pattern is analysed as `u` when it is also valid under `u` (the same automaton), and cannot be
 * analysed (undefined) when it uses the set syntax only `v` has.
 */
function analysisFlags(source: string, flags: string): string | undefined {
  let analysed = flags.replace('d', '');
  if (analysed.includes('v')) {
    analysed = analysed.replace('v', 'u');
    try {
      new RegExp(source, analysed);
    } catch {
      return undefined;
    }
  }
  return analysed;
}

function collectGroupNames(ast: AST.Pattern): string[] {
  const names: string[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'CapturingGroup' && typeof record.name === 'string' && !names.includes(record.name)) {
      names.push(record.name);
    }
    for (const key of ['alternatives', 'elements', 'element']) {
      const child = record[key];
      if (Array.isArray(child)) child.forEach(visit);
      else if (child) visit(child);
    }
  };
  visit(ast);
  return names;
}

/** The ReDoS part of the screening: remembered in `verdicts` when given, else (or on a miss) analysed. */
function redosVerdict(
  source: string,
  flags: string,
  verdicts: RedosVerdicts | undefined,
  analyse: RedosAnalyser | undefined,
): RedosVerdict {
  const key = `recheck@${recheckPackage.version} ${REDOS_POLICY} /${flags}/ ${source}`;
  const known = verdicts?.get(key);
  if (known) return known;
  if (!analyse) return UNANALYSED;
  const { verdict, lasting } = analyse(source, flags);
  if (lasting) verdicts?.set(key, verdict);
  return verdict;
}

/** What `verdictOf` makes of recheck's `safe`: nothing to report. */
const LINEAR: RedosVerdict = { problems: [], warnings: [] };

const UNANALYSED: RedosVerdict = {
  problems: [
    'was not analysed for ReDoS (no verdict and no analyser: use the functions of @unfurlkit/core/redos)',
  ],
  warnings: [],
};
