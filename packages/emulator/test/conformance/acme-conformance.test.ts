import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acmeEmulatorSettings,
  DEMO_OAUTH_CLIENT_ID,
  DEMO_OAUTH_CLIENT_SECRET,
} from '../../../../examples/acme/src/demo.js';
import { CHECKS } from '../../src/conformance/checks/check-registry.js';
import type { ConformanceReport } from '../../src/conformance/report/conformance-report.js';
import {
  type Finished,
  freePort,
  ROOT,
  runEmulatorBin,
  startServeProcess,
  stopProcess,
} from './support/processes.js';

const NOTION_CLIENT_ID = 'notion-client-id-for-acme-conformance';
const NOTION_CLIENT_SECRET = 'notion-client-secret-for-acme-conformance-0123456789';

/**
 * Issue 10: the checker, as a real process, plays Notion against Acme, started as `unfurlkit serve` in another
 * process, knowing nothing but the settings file and two of Acme's people. Acme must pass every MUST and SHOULD
 * (`--fail-on should`). A modest --fuzz keeps npm test fast; a full run is documented in docs/conformance.md.
 */
describe('unfurlkit-emulator conformance against Acme', () => {
  let dir: string;
  let acme: ChildProcess | undefined;
  let run: Finished;
  let report: ConformanceReport;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'unfurlkit-conformance-'));
    const port = await freePort();
    const notionUrl = `http://127.0.0.1:${port}`;
    const started = await startServeProcess(
      join(ROOT, 'examples/acme/dist/integration.js'),
      {
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(dir, 'acme.db')}`,
        ACME_ITEMS_FILE: join(dir, 'items.json'),
        NOTION_API_URL: notionUrl,
        NOTION_CLIENT_ID,
        NOTION_CLIENT_SECRET,
        OAUTH_CLIENT_ID: DEMO_OAUTH_CLIENT_ID,
        OAUTH_CLIENT_SECRET: DEMO_OAUTH_CLIENT_SECRET,
        OAUTH_REDIRECT_URIS: `${notionUrl}/externalIntegrationAuthCallback`,
        OAUTH_SCOPES: 'unfurl',
        LOG_LEVEL: 'warn',
      },
      dir,
    );
    acme = started.child;
    const settings = {
      ...acmeEmulatorSettings(started.url),
      notionClientId: NOTION_CLIENT_ID,
      notionClientSecret: NOTION_CLIENT_SECRET,
    };
    await writeFile(join(dir, 'settings.json'), JSON.stringify(settings));
    // The change: bob renames item 23487 through Acme's JSON API (which calls integration.changed()).
    await writeFile(
      join(dir, 'change.mjs'),
      `await fetch(${JSON.stringify(`${started.url}/api/items/23487`)}, { method: 'PUT', headers: { authorization: 'Basic ' + Buffer.from('bob:bob').toString('base64'), 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Renamed by the checker' }) }).then((r) => { if (!r.ok) process.exit(1); });\n`,
    );
    run = await runEmulatorBin(
      [
        'conformance',
        ...['--settings', 'settings.json', '--user', 'bob:bob', '--user', 'alice:alice'],
        ...['--forbidden', 'https://acme.com/items/1', '--missing', 'https://acme.com/items/999999'],
        ...['--change-hook', `"${process.execPath}" change.mjs`, '--fuzz', '200', '--port', String(port)],
        ...['--json', 'report.json', '--junit', 'report.xml', '--fail-on', 'should'],
      ],
      { cwd: dir, timeoutMs: 170_000 },
    );
    report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as ConformanceReport;
  }, 240_000);

  afterAll(async () => {
    await stopProcess(acme);
    await rm(dir, { recursive: true, force: true });
  });

  it('passes every MUST and SHOULD check, and exits 0 with --fail-on should', () => {
    const failed = report.checks
      .filter((c) => c.status === 'fail')
      .map((c) => `${c.id} ${c.grade}: ${c.detail}`);
    expect(failed).toEqual([]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('runs every check; only the one that waits 10 minutes is skipped without --slow', () => {
    expect(report.checks.map((c) => c.id)).toEqual(CHECKS.map((c) => c.id));
    expect(report.checks.filter((c) => c.status === 'skip').map((c) => c.id)).toEqual(['LP-TOKEN-014']);
    expect(report.checks.length).toBeGreaterThanOrEqual(30);
  });

  it('writes the JSON report in the shape of issue 10', () => {
    expect(Object.keys(report)).toEqual(['version', 'target', 'startedAt', 'checks', 'summary']);
    expect(report.target.name).toBe('Acme');
    expect(Number.isNaN(Date.parse(report.startedAt))).toBe(false);
    for (const check of report.checks) {
      expect(Object.keys(check)).toEqual([
        'id',
        'grade',
        'status',
        'title',
        'rationale',
        'reference',
        'detail',
        'durationMs',
      ]);
      expect(check.id).toMatch(/^LP-[A-Z]+-\d{3}$/);
      expect(['MUST', 'SHOULD', 'INFO']).toContain(check.grade);
      expect(check.durationMs).toBeGreaterThanOrEqual(0);
    }
    const { pass, fail, skip, byGrade } = report.summary;
    expect(pass + fail + skip).toBe(report.checks.length);
    expect(byGrade.MUST.pass + byGrade.SHOULD.pass + byGrade.INFO.pass).toBe(pass);
    const latency = report.checks.find((c) => c.id === 'LP-PERF-001');
    expect(latency?.detail).toMatch(/^p50 [\d.]+ ms, p95 [\d.]+ ms over \d+ unfurls$/);
  });

  it('writes one JUnit testcase per check, and prints the summary grouped by area', async () => {
    const xml = await readFile(join(dir, 'report.xml'), 'utf8');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml.match(/<testcase /g)).toHaveLength(report.checks.length);
    expect(xml.match(/<skipped /g)).toHaveLength(1);
    expect(xml).not.toContain('<failure');
    expect(run.stdout).toMatch(/^Conformance of Acme\n\nauthorize\n {2}PASS MUST {3}LP-AUTH-001/);
    expect(run.stdout).toMatch(/\nMUST {3}\d+ passed, 0 failed, 0 skipped\n/);
    // No colours: stdout is not a terminal here.
    expect(run.stdout).not.toContain('\u001b[');
  });

  it('carries none of the secrets it used in its own output', () => {
    for (const secret of [NOTION_CLIENT_SECRET, DEMO_OAUTH_CLIENT_SECRET]) {
      expect(run.stdout).not.toContain(secret);
      expect(JSON.stringify(report)).not.toContain(secret);
    }
  });
});
