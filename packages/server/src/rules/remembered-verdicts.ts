import {
  compileUrlRules,
  type RedosAnalyser,
  type RedosVerdict,
  type RedosVerdicts,
  type UrlRuleDefinition,
} from '@unfurlkit/core';
import type { RedosVerdictStore } from '../store/redos-verdict-store.js';
import { type ScreenedVerdicts, screenPatternsAside } from './screen-patterns-aside.js';

/**
 * Where the verdicts for a start came from: what reached the new ones (only when one ran), how many the database
 * remembered, how many were new (0 when nothing ran). Logged in this order at start-up.
 */
export interface VerdictSources {
  screenedBy?: ScreenedVerdicts['by'];
  remembered: number;
  screened: number;
}

/**
 * The ReDoS verdicts of the rules' patterns: those the database remembers from an earlier start (by core's key,
 * which names the analyser and policy versions), and, only when one is missing, the ones reached outside this
 * process (`screenPatternsAside`), stored for the next start. A restart with unchanged rules spawns nothing.
 * The verdicts only feed `compileServerRules`, which still screens every pattern and refuses an unsafe one.
 */
export async function rememberedVerdicts(
  rules: readonly UrlRuleDefinition[],
  store: RedosVerdictStore,
  now: number,
): Promise<{ verdicts: RedosVerdicts | undefined; sources: VerdictSources }> {
  const keys = verdictKeys(rules);
  const known = await store.get(keys);
  const remembered = keys.filter((key) => known.has(key)).length;
  let screened = 0;
  let screenedBy: ScreenedVerdicts['by'] | undefined;
  if (keys.some((key) => !known.has(key))) {
    const fresh = await screenPatternsAside(rules);
    const added = (fresh?.verdicts ?? []).filter(([key]) => !known.has(key));
    for (const [key, verdict] of added) known.set(key, verdict);
    screened = added.length;
    screenedBy = fresh?.by;
    await store.put(added, now);
  }
  const verdicts: RedosVerdicts = { get: (key) => known.get(key), set: () => undefined };
  const sources: VerdictSources = screenedBy
    ? { screenedBy, remembered, screened }
    : { remembered, screened };
  return { verdicts, sources };
}

/**
 * The verdict keys the rules' patterns need, as core computes them: a compile that records every key asked for
 * and answers none (a pattern refused before its ReDoS step needs no key).
 */
function verdictKeys(rules: readonly UrlRuleDefinition[]): string[] {
  const asked = new Set<string>();
  const recorder: RedosVerdicts = {
    get: (key) => {
      asked.add(key);
      return undefined;
    },
    set: () => undefined,
  };
  const unanswered: RedosAnalyser = () => ({ verdict: UNDECIDED, lasting: false });
  try {
    compileUrlRules(rules, 'every', { redosVerdicts: recorder, analyseRedos: unanswered });
  } catch {
    // Refused rules: `compileServerRules` says why; the keys asked so far are all there is to look up.
  }
  return [...asked];
}

const UNDECIDED: RedosVerdict = { problems: [], warnings: [] };
