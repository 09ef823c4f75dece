import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { RedosVerdict, RedosVerdicts } from '@unfurlkit/core';
import { screenPattern } from '@unfurlkit/core/redos';
import { afterEach, describe, expect, it } from 'vitest';
import { recheckExecutable, screenWithRecheckAgent } from './recheck-agent.js';

/*
 * The native agent asked directly (no recheck JavaScript in the asking process): the same verdicts, under the
 * same keys, as the in-process analysis; nothing left running; no verdict rather than a wrong one when the agent
 * is missing, not recheck, or too slow.
 */

const PATTERNS = [
  { source: '^https:\\/\\/acme\\.com\\/(?:items|things)\\/(?<itemNo>\\d+)$', flags: '' }, // linear, not proven by core
  { source: '^https:\\/\\/a\\.com\\/\\d*\\d*x$', flags: '' }, // quadratic: a warning
  { source: '^https:\\/\\/a\\.com\\/(a+)+$', flags: '' }, // exponential: refused
  { source: '^https:\\/\\/a\\.com\\/(?<id>[a-z]+)$', flags: 'iv' }, // analysed as `iu`
  { source: 'https:\\/\\/a\\.com\\/x$', flags: '' }, // refused before any analysis (not anchored): no key
];

/** What the in-process analysis records for the same patterns. */
function inProcessVerdicts(): Array<[string, RedosVerdict]> {
  const recorded: Array<[string, RedosVerdict]> = [];
  const recorder: RedosVerdicts = {
    get: () => undefined,
    set: (key, verdict) => recorded.push([key, verdict]),
  };
  for (const { source, flags } of PATTERNS) screenPattern(source, flags, recorder);
  return recorded;
}

/** The pids of this process's children, from /proc (Linux; the CI machine's). */
function childPids(): number[] {
  const tasks = execFileSync('ls', [`/proc/${process.pid}/task`], { encoding: 'utf8' })
    .split(/\s+/)
    .filter(Boolean);
  return tasks.flatMap((task) =>
    readFileSync(`/proc/${process.pid}/task/${task}/children`, 'utf8')
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
  );
}

const savedEnv = { RECHECK_BACKEND: process.env.RECHECK_BACKEND, RECHECK_BIN: process.env.RECHECK_BIN };
afterEach(() => {
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('screenWithRecheckAgent', () => {
  it('finds the platform executable recheck itself would use', () => {
    expect(recheckExecutable()).toMatch(/recheck-linux-x64\/recheck$/);
  });

  it('reaches the verdicts, under the keys, that the in-process analysis reaches, and leaves no process behind', async () => {
    const expected = inProcessVerdicts(); // first: recheck's own agent for this process stays running
    const before = childPids();
    const viaAgent = await screenWithRecheckAgent(PATTERNS);
    expect(viaAgent).toEqual(expected);
    expect(viaAgent?.map(([, verdict]) => verdict)).toEqual([
      { problems: [], warnings: [] },
      { problems: [], warnings: [expect.stringContaining('2nd degree polynomial')] },
      { problems: [expect.stringContaining('backtrack catastrophically')], warnings: [] },
      { problems: [], warnings: [] },
    ]);
    // The agent is killed, not left to exit on its own: poll briefly for the kernel to reap it.
    for (let tries = 0; tries < 50 && childPids().length > before.length; tries++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(childPids()).toEqual(before);
  });

  it('is not used when recheck is told to use another backend, or its executable is not there', async () => {
    process.env.RECHECK_BACKEND = 'pure';
    expect(await screenWithRecheckAgent(PATTERNS)).toBeUndefined();
    delete process.env.RECHECK_BACKEND;
    process.env.RECHECK_BIN = '/nonexistent/recheck';
    expect(await screenWithRecheckAgent(PATTERNS)).toBeUndefined();
  });

  it('is not believed when the executable does not speak the protocol (it exits, or echoes), or cannot run', async () => {
    process.env.RECHECK_BIN = new URL(import.meta.url).pathname; // this file: exists, cannot be executed
    expect(await screenWithRecheckAgent(PATTERNS)).toBeUndefined();
    process.env.RECHECK_BIN = '/bin/false';
    expect(await screenWithRecheckAgent(PATTERNS)).toBeUndefined();
    process.env.RECHECK_BIN = '/bin/cat'; // answers every request with the request itself: no result
    expect(await screenWithRecheckAgent(PATTERNS)).toBeUndefined();
  });

  it('past its deadline, stops the agent and returns only the verdicts reached', async () => {
    const slow = [
      ...PATTERNS,
      ...PATTERNS.map((p) => ({ ...p, source: p.source.replace('a\\.com', 'b\\.com') })),
    ];
    const verdicts = await screenWithRecheckAgent(slow, { deadlineMs: 1 });
    expect(verdicts).toBeDefined();
    expect(verdicts?.length).toBeLessThan(8);
    const complete = new Map(inProcessVerdicts());
    for (const [key, verdict] of verdicts ?? [])
      if (complete.has(key)) expect(verdict).toEqual(complete.get(key));
  });

  it("loads none of recheck's JavaScript: only its types, and core's policy entry", () => {
    const own = readFileSync(new URL('recheck-agent.ts', import.meta.url), 'utf8');
    expect(own.match(/^import (?!type ).*from 'recheck';$/m)).toBeNull();
    expect(own).not.toMatch(/from '@unfurlkit\/core\/redos(-screening)?'/);
    const policy = new URL('../../../core/src/redos/', import.meta.url);
    for (const file of ['policy.ts', 'redos-policy.ts', 'screen-pattern-with.ts']) {
      const text = readFileSync(new URL(file, policy), 'utf8');
      expect(text.match(/^import (?!type ).*from 'recheck';$/m), file).toBeNull();
      expect(text, file).not.toMatch(/from '\.\/(analyse-redos|index|screen-pattern-async)\.js'/);
    }
  });
});
