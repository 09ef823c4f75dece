import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/conformance/harness/check.js';
import { failsAt, reportRows, summarize } from '../../src/conformance/report/conformance-report.js';
import { junitReport } from '../../src/conformance/report/junit-report.js';
import { terminalReport } from '../../src/conformance/report/terminal-report.js';
import { selectChecks } from '../../src/conformance/run-conformance.js';

const result = (
  id: string,
  grade: CheckResult['grade'],
  status: CheckResult['status'],
  area: CheckResult['area'] = 'token',
): CheckResult => ({
  id,
  grade,
  area,
  status,
  title: `title of ${id}`,
  rationale: 'why',
  reference: 'RFC 6749 §5.2',
  detail: status === 'fail' ? 'got <500> & "more"\nsecond line' : 'fine',
  durationMs: 12,
});

const RESULTS = [
  result('LP-AUTH-001', 'MUST', 'pass', 'authorize'),
  result('LP-TOKEN-001', 'MUST', 'fail'),
  result('LP-TOKEN-002', 'SHOULD', 'fail'),
  result('LP-TOKEN-003', 'SHOULD', 'skip'),
  result('LP-UNFURL-004', 'INFO', 'fail', 'unfurl'),
];

describe('conformance reports', () => {
  it('counts per status and per grade', () => {
    expect(summarize(RESULTS)).toEqual({
      pass: 1,
      fail: 3,
      skip: 1,
      byGrade: {
        MUST: { pass: 1, fail: 1, skip: 0 },
        SHOULD: { pass: 0, fail: 1, skip: 1 },
        INFO: { pass: 0, fail: 1, skip: 0 },
      },
    });
    expect(Object.keys(reportRows(RESULTS)[0] ?? {})).toEqual([
      'id',
      'grade',
      'status',
      'title',
      'rationale',
      'reference',
      'detail',
      'durationMs',
    ]);
  });

  it('fails at the --fail-on grade or above, never for INFO', () => {
    expect(failsAt(RESULTS, 'must')).toBe(true);
    expect(
      failsAt(
        RESULTS.filter((r) => r.grade !== 'MUST'),
        'must',
      ),
    ).toBe(false);
    expect(
      failsAt(
        RESULTS.filter((r) => r.grade !== 'MUST'),
        'should',
      ),
    ).toBe(true);
    expect(
      failsAt(
        RESULTS.filter((r) => r.grade === 'INFO'),
        'should',
      ),
    ).toBe(false);
  });

  it('writes JUnit XML with one escaped testcase per check', () => {
    const xml = junitReport('A & B', RESULTS);
    expect(xml).toContain(
      '<testsuites name="unfurlkit conformance" tests="5" failures="3" skipped="1" time="0.060">',
    );
    expect(xml).toContain('<testsuite name="A &amp; B"');
    expect(xml.match(/<testcase /g)).toHaveLength(5);
    expect(xml).toContain(
      '<testcase classname="conformance.MUST.token" name="LP-TOKEN-001 title of LP-TOKEN-001" time="0.012">',
    );
    expect(xml).toContain(
      '<failure message="got &lt;500&gt; &amp; &quot;more&quot;">got &lt;500&gt; &amp; &quot;more&quot;\nsecond line\nRFC 6749 §5.2</failure>',
    );
    expect(xml).toContain('<skipped message="fine"/>');
  });

  it('groups the terminal summary by area, with colours only on a TTY', () => {
    const plain = terminalReport('Acme', RESULTS, false);
    expect(plain).not.toContain('\u001b[');
    expect(plain.split('\n').slice(0, 4)).toEqual([
      'Conformance of Acme',
      '',
      'authorize',
      '  PASS MUST   LP-AUTH-001     title of LP-AUTH-001',
    ]);
    expect(plain).toContain('\ntoken\n  FAIL MUST   LP-TOKEN-001    title of LP-TOKEN-001\n');
    expect(plain).toContain(
      'MUST   1 passed, 1 failed, 0 skipped\nSHOULD 0 passed, 1 failed, 1 skipped\nINFO   0 passed, 1 failed, 0 skipped\n',
    );
    expect(terminalReport('Acme', RESULTS, true)).toContain('\u001b[31mFAIL\u001b[0m');
  });

  it('--only keeps the checks named, in registry order, case-insensitively', () => {
    const checks = ['LP-A-001', 'LP-B-001', 'LP-C-001'].map((id) => ({ id }));
    expect(
      selectChecks(checks as never, ['lp-c-001', 'LP-A-001']).map((c) => (c as { id: string }).id),
    ).toEqual(['LP-A-001', 'LP-C-001']);
  });
});
