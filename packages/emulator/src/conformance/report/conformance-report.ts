import { type CheckResult, GRADES, type Grade } from '../harness/check.js';

type Counts = { pass: number; fail: number; skip: number };

/** A whole run, as `--json` writes it. */
export interface ConformanceReport {
  version: string;
  /** What was checked: the integration's name and its Authorize URL. */
  target: { name: string; authorizeUrl: string; tokenUrl: string; unfurlUrl: string };
  startedAt: string;
  checks: Array<Omit<CheckResult, 'area'>>;
  summary: Counts & { byGrade: Record<Grade, Counts> };
}

/** Passes, failures and skips, overall and per grade. */
export function summarize(results: readonly CheckResult[]): ConformanceReport['summary'] {
  const count = (list: readonly CheckResult[]): Counts => ({
    pass: list.filter((r) => r.status === 'pass').length,
    fail: list.filter((r) => r.status === 'fail').length,
    skip: list.filter((r) => r.status === 'skip').length,
  });
  const byGrade = Object.fromEntries(
    GRADES.map((g) => [g, count(results.filter((r) => r.grade === g))]),
  ) as Record<Grade, Counts>;
  return { ...count(results), byGrade };
}

/** The JSON report's check rows: every field of the shape, in its order. */
export function reportRows(results: readonly CheckResult[]): ConformanceReport['checks'] {
  return results.map(({ id, grade, status, title, rationale, reference, detail, durationMs }) => ({
    id,
    grade,
    status,
    title,
    rationale,
    reference,
    detail,
    durationMs,
  }));
}

/** Exit code 1 when a check of the `failOn` grade or above failed. */
export function failsAt(results: readonly CheckResult[], failOn: 'must' | 'should'): boolean {
  const grades: Grade[] = failOn === 'must' ? ['MUST'] : ['MUST', 'SHOULD'];
  return results.some((r) => r.status === 'fail' && grades.includes(r.grade));
}
