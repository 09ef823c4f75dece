import { check, checkSync } from 'recheck';
import type { RedosAnalyser, RedosVerdict } from '../patterns/screen-pattern.js';
import { ANALYSIS_TIMEOUT_MS, verdictOf } from './redos-policy.js';

/** The ReDoS analysis of a URL rule's pattern, by recheck in this process; the policy is `verdictOf`'s. */
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
