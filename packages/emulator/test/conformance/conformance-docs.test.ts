import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/conformance/checks/check-registry.js';
import { ROOT } from './support/processes.js';

const DOC = readFileSync(`${ROOT}/docs/conformance.md`, 'utf8');
const README = readFileSync(`${ROOT}/README.md`, 'utf8');
const EMULATOR_README = readFileSync(`${ROOT}/packages/emulator/README.md`, 'utf8');

/** The cells of a Markdown table's rows (a formatter may pad them; `\|` is a pipe inside a cell). */
function cellsOf(table: string): string[][] {
  return table
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/\\\|/g, '|')),
    );
}

/** The rows of the table of docs/conformance.md, as the registry says they must read. */
function expectedRows(): string[][] {
  return [
    ['id', 'grade', 'check', 'why', 'reference'],
    ...CHECKS.map((c) => [c.id, c.grade, c.title, c.rationale, c.reference]),
  ];
}

describe('docs/conformance.md', () => {
  it('lists every check of the registry, with its grade, title, rationale and reference', () => {
    const between = /<!-- checks:start -->\n([\s\S]*?)\n<!-- checks:end -->/.exec(DOC)?.[1];
    // On a mismatch, write the registry's rows as a table between the two markers.
    expect(cellsOf(between ?? '')).toEqual(expectedRows());
  });

  it('has at least 30 checks with unique, well-formed ids', () => {
    const ids = CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(30);
    for (const id of ids) expect(id).toMatch(/^LP-[A-Z]+-\d{3}$/);
    for (const check of CHECKS) {
      expect(check.rationale.length).toBeGreaterThan(10);
      expect(check.reference).toMatch(/protocol §|security §|RFC \d+/);
    }
  });

  it('documents every option of the command and is linked from the README', () => {
    for (const option of [
      '--settings',
      '--user',
      '--forbidden',
      '--missing',
      '--change-hook',
      '--fuzz',
      '--json',
      '--junit',
      '--only',
      '--fail-on',
      '--timeout',
      '--port',
      '--host',
      '--public-url',
      '--slow',
      '--advance-clock',
      '--authorize-hook',
    ])
      expect(DOC).toContain(`\`${option}`);
    expect(README).toContain('[`docs/conformance.md`](docs/conformance.md)');
    expect(EMULATOR_README).toContain(`rule by rule: ${CHECKS.length} checks with stable ids`);
    expect(DOC).toContain(`A full run against Acme (${CHECKS.length} checks,`);
  });
});
