import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { RedosVerdict, UrlRuleDefinition } from '@unfurlkit/core';
import { packageFile } from '../package/package-files.js';

/**
 * The child script: tsc's build of `screen-patterns-child.ts`, a file of its own in `dist/` whether this module
 * runs from there or from the bundle. None when running from TypeScript sources (tests), as before the bundle.
 */
const CHILD = import.meta.url.endsWith('.ts')
  ? undefined
  : packageFile('dist/rules/screen-patterns-child.js');
/** Generous: the analyser's own limit is 5 s per pattern; a loaded machine starts Node slowly. */
const CHILD_TIMEOUT_MS = 60_000;

/** Verdicts by core's verdict key, as the child printed them. */
export type ScreenedVerdicts = Array<[string, RedosVerdict]>;

/**
 * The ReDoS verdicts for the rules' patterns, reached in a short-lived child process, so the serving process
 * never loads the analyser (tens of MB of code, and a helper process of its own, resident for the server's
 * life). Only run for patterns the database has no verdict for yet (`rememberedVerdicts`).
 *
 * The verdicts only feed `compileServerRules`, which still screens every pattern: a pattern the child reached
 * no verdict for (it failed, timed out, or is not there when running from sources) is analysed in-process, as
 * before, loading the analyser only then. Nothing is accepted without a verdict: an unsafe pattern is refused either way.
 */
export function screenPatternsAside(
  rules: readonly UrlRuleDefinition[],
): Promise<ScreenedVerdicts | undefined> {
  if (CHILD === undefined || !existsSync(CHILD)) return Promise.resolve(undefined);
  const patterns = rules.map(({ pattern }) =>
    typeof pattern === 'string'
      ? { source: pattern, flags: '' }
      : { source: pattern.source, flags: pattern.flags },
  );
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

function parseVerdicts(output: string): ScreenedVerdicts | undefined {
  try {
    const entries = JSON.parse(output) as ScreenedVerdicts;
    return Array.isArray(entries) ? entries : undefined;
  } catch {
    return undefined;
  }
}
