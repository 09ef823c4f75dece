/**
 * For each `--break` rule of the reference integration (RefDocs): the checks that must fail, and the checks
 * to run: those, and their neighbours of the same area that must still pass (so "exactly these" means
 * something), kept small so that every rule gets its own run in `npm test`.
 */
export interface BreakExpectation {
  rule: string;
  fails: string[];
  alsoRun: string[];
}

const range = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${prefix}-${String(from + i).padStart(3, '0')}`);

export const BREAKS: BreakExpectation[] = [
  {
    rule: 'replayable-code',
    fails: ['LP-TOKEN-005', 'LP-TOKEN-006'],
    alsoRun: ['LP-TOKEN-001', 'LP-TOKEN-009'],
  },
  { rule: 'code-no-expiry', fails: ['LP-TOKEN-014'], alsoRun: ['LP-TOKEN-001', 'LP-TOKEN-009'] },
  { rule: 'open-redirect', fails: range('LP-AUTH', 2, 5), alsoRun: ['LP-AUTH-001'] },
  {
    rule: 'suffixed-redirect',
    fails: ['LP-AUTH-003', 'LP-AUTH-005'],
    alsoRun: ['LP-AUTH-001', 'LP-AUTH-002', 'LP-AUTH-004'],
  },
  { rule: 'wrong-client-redirect', fails: ['LP-AUTH-001'], alsoRun: ['LP-AUTH-002', 'LP-AUTH-006'] },
  { rule: 'no-csrf', fails: ['LP-CONSENT-002', 'LP-CONSENT-003'], alsoRun: ['LP-CONSENT-001'] },
  { rule: 'no-frame-headers', fails: ['LP-CONSENT-001'], alsoRun: ['LP-CONSENT-002', 'LP-CONSENT-003'] },
  { rule: 'deny-wrong-error', fails: ['LP-AUTH-009'], alsoRun: ['LP-AUTH-006', 'LP-AUTH-008'] },
  { rule: 'state-changed', fails: ['LP-AUTH-008'], alsoRun: ['LP-AUTH-010', 'LP-TOKEN-001'] },
  { rule: 'no-external-account', fails: range('LP-AUTH', 13, 15), alsoRun: range('LP-AUTH', 10, 12) },
  {
    rule: 'unstable-account-key',
    fails: ['LP-AUTH-014'],
    alsoRun: ['LP-AUTH-010', 'LP-AUTH-013', 'LP-AUTH-015'],
  },
  { rule: 'basic-auth-broken', fails: ['LP-TOKEN-002'], alsoRun: ['LP-TOKEN-001', 'LP-TOKEN-008'] },
  { rule: 'invalid-client-400', fails: ['LP-TOKEN-008'], alsoRun: ['LP-TOKEN-007'] },
  { rule: 'echo-secret', fails: ['LP-DATA-003'], alsoRun: ['LP-TOKEN-007', 'LP-TOKEN-008'] },
  {
    rule: 'no-store-missing',
    fails: ['LP-TOKEN-003', 'LP-TOKEN-004', 'LP-TOKEN-012'],
    alsoRun: ['LP-TOKEN-001'],
  },
  {
    rule: 'refresh-not-rotated',
    fails: range('LP-REFRESH', 2, 4),
    alsoRun: ['LP-REFRESH-001', 'LP-REFRESH-005'],
  },
  {
    rule: 'no-bearer-challenge',
    fails: ['LP-UNFURL-006', 'LP-UNFURL-007', 'LP-UNFURL-012'],
    alsoRun: ['LP-UNFURL-008', 'LP-DELETE-003'],
  },
  { rule: 'token-in-query', fails: ['LP-UNFURL-008'], alsoRun: ['LP-UNFURL-006'] },
  { rule: 'bad-json-500', fails: ['LP-ROBUST-001'], alsoRun: ['LP-UNFURL-001'] },
  { rule: 'stack-trace', fails: ['LP-ROBUST-003'], alsoRun: ['LP-ROBUST-001'] },
  { rule: 'no-title', fails: ['LP-UNFURL-001'], alsoRun: ['LP-UNFURL-002'] },
  { rule: 'no-dev', fails: ['LP-UNFURL-004'], alsoRun: ['LP-UNFURL-001', 'LP-UNFURL-003', 'LP-UNFURL-005'] },
  { rule: 'bad-section', fails: ['LP-UNFURL-001'], alsoRun: ['LP-UNFURL-002'] },
  {
    rule: 'duplicate-ids',
    fails: ['LP-UNFURL-003'],
    alsoRun: ['LP-UNFURL-001', 'LP-UNFURL-004', 'LP-UNFURL-005'],
  },
  { rule: 'no-uri-echo', fails: ['LP-UNFURL-002'], alsoRun: ['LP-UNFURL-001'] },
  { rule: 'cross-person-data', fails: ['LP-DATA-001', 'LP-DATA-002'], alsoRun: ['LP-UNFURL-001'] },
  { rule: 'unfurl-delete-ignored', fails: ['LP-DELETE-009'], alsoRun: ['LP-DELETE-001', 'LP-DELETE-002'] },
  { rule: 'delete-ignored', fails: ['LP-DELETE-005'], alsoRun: ['LP-DELETE-004', 'LP-DELETE-006'] },
  { rule: 'patch-without-version', fails: ['LP-UPDATE-002'], alsoRun: ['LP-UPDATE-001', 'LP-UPDATE-003'] },
];
