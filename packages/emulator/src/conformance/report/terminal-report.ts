import { type CheckResult, GRADES } from '../harness/check.js';
import { summarize } from './conformance-report.js';

const COLORS = {
  pass: '\u001b[32m',
  fail: '\u001b[31m',
  skip: '\u001b[33m',
  dim: '\u001b[2m',
  reset: '\u001b[0m',
};

/**
 * The human summary: checks grouped by area, one line each (status, grade, id, title) and the detail of what
 * failed or was skipped below it, then counts per grade. Colours only when `color` (a TTY).
 */
export function terminalReport(target: string, results: readonly CheckResult[], color: boolean): string {
  const paint = (kind: keyof typeof COLORS, text: string) =>
    color ? `${COLORS[kind]}${text}${COLORS.reset}` : text;
  const lines = [`Conformance of ${target}`, ''];
  const areas = [...new Set(results.map((r) => r.area))];
  for (const area of areas) {
    lines.push(area);
    for (const r of results.filter((result) => result.area === area)) {
      const status = paint(r.status, r.status.toUpperCase().padEnd(4));
      lines.push(`  ${status} ${r.grade.padEnd(6)} ${r.id.padEnd(15)} ${r.title}`);
      if (r.status !== 'pass')
        for (const line of r.detail.split('\n'))
          lines.push(paint('dim', `                              ${line}`));
    }
    lines.push('');
  }
  const summary = summarize(results);
  for (const grade of GRADES) {
    const c = summary.byGrade[grade];
    lines.push(`${grade.padEnd(6)} ${c.pass} passed, ${c.fail} failed, ${c.skip} skipped`);
  }
  lines.push(`total  ${summary.pass} passed, ${summary.fail} failed, ${summary.skip} skipped`, '');
  return lines.join('\n');
}
