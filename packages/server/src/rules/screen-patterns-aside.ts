import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { RedosVerdict, UrlRuleDefinition } from '@unfurlkit/core';
import { packageFile } from '../package/package-files.js';
import { type PatternSource, screenWithRecheckAgent } from './recheck-agent.js';

/**
 * Running from TypeScript sources (tests that build servers in-process): nothing is screened aside, patterns
 * are analysed in-process, where recheck keeps one agent for the whole test file instead of one per server.
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
/**
 * The child script: tsc's build of `screen-patterns-child.ts`, a file of its own in `dist/` whether this module
 * runs from there or from the bundle.
 */
const CHILD = FROM_SOURCES ? undefined : packageFile('dist/rules/screen-patterns-child.js');
/** Generous: the analyser's own limit is 5 s per pattern; a loaded machine starts Node slowly. */
const CHILD_TIMEOUT_MS = 60_000;

/** Verdicts by core's verdict key, and what reached them (named in the start-up log line). */
export interface ScreenedVerdicts {
  verdicts: Array<[string, RedosVerdict]>;
  by: 'recheck-agent' | 'node-child';
}

/**
 * The ReDoS verdicts for the rules' patterns, reached outside the serving process, which never loads the
 * analyser (tens of MB of code, and a helper process of its own, resident for the server's life). Only run for
 * patterns the database has no verdict for yet (`rememberedVerdicts`).
 *
 * First choice: recheck's native agent, asked directly and stopped when done (about 0.1 s for a first pattern,
 * 30–50 ms for each next one). Where there is none (another platform, `RECHECK_BACKEND` set to `java` or
 * `pure`), a short-lived Node child that loads recheck and lets it pick its backend (about 0.45 s).
 *
 * The verdicts only feed `compileServerRules`, which still screens every pattern: a pattern neither reached a
 * verdict for (it failed, timed out, or this runs from sources) is analysed in-process, as before, loading the
 * analyser only then. Nothing is accepted without a verdict: an unsafe pattern is refused either way.
 */
export async function screenPatternsAside(
  rules: readonly UrlRuleDefinition[],
): Promise<ScreenedVerdicts | undefined> {
  if (FROM_SOURCES) return undefined;
  const patterns: PatternSource[] = rules.map(({ pattern }) =>
    typeof pattern === 'string'
      ? { source: pattern, flags: '' }
      : { source: pattern.source, flags: pattern.flags },
  );
  const fromAgent = await screenWithRecheckAgent(patterns, { deadlineMs: CHILD_TIMEOUT_MS });
  if (fromAgent !== undefined) return { verdicts: fromAgent, by: 'recheck-agent' };
  const fromChild = await screenInNodeChild(patterns);
  return fromChild === undefined ? undefined : { verdicts: fromChild, by: 'node-child' };
}

/** The screening child (`screen-patterns-child.ts`): recheck's JavaScript package, with whichever backend it finds. */
function screenInNodeChild(patterns: PatternSource[]): Promise<Array<[string, RedosVerdict]> | undefined> {
  if (CHILD === undefined || !existsSync(CHILD)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CHILD], { stdio: ['pipe', 'pipe', 'ignore'] });
    let output = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      output += chunk;
    });
    child.on('error', () => undefined);
    child.stdin.on('error', () => undefined);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? parseVerdicts(output) : undefined);
    });
    child.stdin.end(JSON.stringify(patterns));
  });
}

function parseVerdicts(output: string): Array<[string, RedosVerdict]> | undefined {
  try {
    const entries = JSON.parse(output) as Array<[string, RedosVerdict]>;
    return Array.isArray(entries) ? entries : undefined;
  } catch {
    return undefined;
  }
}
