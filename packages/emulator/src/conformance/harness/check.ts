/** How much a check matters: the protocol or an RFC requires it, best practice, or information only. */
export type Grade = 'MUST' | 'SHOULD' | 'INFO';

export const GRADES: readonly Grade[] = ['MUST', 'SHOULD', 'INFO'];

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** What running one check found. */
export interface CheckOutcome {
  status: CheckStatus;
  /** One or a few sentences: what was sent and what came back, or why it was skipped. */
  detail: string;
}

/** The part of the protocol a check is about; the terminal report groups by it. */
export type CheckArea =
  | 'authorize'
  | 'consent'
  | 'token'
  | 'refresh'
  | 'unfurl'
  | 'data'
  | 'update'
  | 'deletion'
  | 'robustness'
  | 'performance';

/**
 * One rule of the security review, with a stable id (`LP-AUTH-001`): never renumber one, add new ids instead.
 * `run` plays Notion against the integration through the session and says what it found.
 */
export interface Check<Session> {
  id: string;
  grade: Grade;
  area: CheckArea;
  title: string;
  /** Why the rule exists, in one line. */
  rationale: string;
  /** Where the rule is written: a SPEC section or an RFC section. */
  reference: string;
  run(session: Session): Promise<CheckOutcome>;
}

/** A check's row in the reports. */
export interface CheckResult {
  id: string;
  grade: Grade;
  area: CheckArea;
  status: CheckStatus;
  title: string;
  rationale: string;
  reference: string;
  detail: string;
  durationMs: number;
}

export const pass = (detail: string): CheckOutcome => ({ status: 'pass', detail });
export const fail = (detail: string): CheckOutcome => ({ status: 'fail', detail });
export const skip = (detail: string): CheckOutcome => ({ status: 'skip', detail });

/** A setup step a check needs could not be done (sign-in failed, no refresh token…): the check cannot run. */
export class PrerequisiteError extends Error {
  constructor(
    message: string,
    /** `skip` when the integration legitimately lacks the feature; `fail` when it should have worked. */
    readonly status: 'skip' | 'fail' = 'fail',
  ) {
    super(message);
    this.name = 'PrerequisiteError';
  }
}

/**
 * The constructor of one area's checks, so every check of the area names it once.
 *
 * @example
 * const tokenCheck = checkOfArea<ConformanceSession>('token');
 * tokenCheck('LP-TOKEN-001', 'MUST', 'The code exchange works', 'Notion sends …', 'RFC 6749 §4.1.3', run);
 */
export function checkOfArea<Session>(area: CheckArea) {
  return (
    id: string,
    grade: Grade,
    title: string,
    rationale: string,
    reference: string,
    run: (session: Session) => Promise<CheckOutcome>,
  ): Check<Session> => ({ id, grade, area, title, rationale, reference, run });
}
