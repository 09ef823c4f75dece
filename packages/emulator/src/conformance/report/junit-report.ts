import type { CheckResult } from '../harness/check.js';

const escapeXml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // Characters XML 1.0 cannot hold at all.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/**
 * JUnit XML, one testcase per check (`classname` the grade and area, `name` the id and title): a failed check
 * is a failure, a skipped one skipped, so CI systems show the run like a test suite.
 *
 * @example
 * junitReport('Acme', results); // '<?xml version="1.0" …'
 */
export function junitReport(target: string, results: readonly CheckResult[]): string {
  const failures = results.filter((r) => r.status === 'fail').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  const seconds = results.reduce((sum, r) => sum + r.durationMs, 0) / 1000;
  const cases = results.map((r) => {
    const open = `    <testcase classname="conformance.${r.grade}.${r.area}" name="${escapeXml(`${r.id} ${r.title}`)}" time="${(r.durationMs / 1000).toFixed(3)}">`;
    if (r.status === 'fail')
      return `${open}\n      <failure message="${escapeXml(r.detail.split('\n')[0] ?? '')}">${escapeXml(`${r.detail}\n${r.reference}`)}</failure>\n    </testcase>`;
    if (r.status === 'skip')
      return `${open}\n      <skipped message="${escapeXml(r.detail)}"/>\n    </testcase>`;
    return `${open}</testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="unfurlkit conformance" tests="${results.length}" failures="${failures}" skipped="${skipped}" time="${seconds.toFixed(3)}">`,
    `  <testsuite name="${escapeXml(target)}" tests="${results.length}" failures="${failures}" skipped="${skipped}" time="${seconds.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
