import { formatIssues } from '@unfurlkit/core';
import { type Check, type CheckOutcome, checkOfArea, fail, pass, skip } from '../harness/check.js';
import { describeAnswer, type HttpAnswer } from '../harness/integration-http.js';
import type { ConformanceSession } from '../harness/session.js';
import { wwwAuthenticate } from './answers.js';
import { sampleUnfurl, unfurlAndValidate, unmatchedUri, validSample } from './unfurl-answers.js';

type UnfurlCheck = Check<ConformanceSession>;

async function sampleValidates(session: ConformanceSession): Promise<CheckOutcome> {
  const run = await sampleUnfurl(session);
  if (run.answer.status !== 200) return fail(`the sample ${run.uri}: ${describeAnswer(run.answer)}`);
  if (!run.validation.ok)
    return fail(`the answer does not validate:\n${formatIssues(run.validation.errors.slice(0, 5))}`);
  if (!run.validation.attributes)
    return fail('the answer to the sample carries no attributes (an error operation?)');
  return pass(`${run.validation.attributes.length} valid attributes, a title among them`);
}

async function echoesUri(session: ConformanceSession): Promise<CheckOutcome> {
  const run = await sampleUnfurl(session);
  const uri = (run.answer.json as { uri?: unknown } | undefined)?.uri;
  return uri === run.uri
    ? pass('uri echoed unchanged')
    : fail(`asked about ${run.uri}, the answer says uri ${JSON.stringify(uri)}`);
}

function warningCheck(code: string, what: string) {
  return async (session: ConformanceSession): Promise<CheckOutcome> => {
    const run = await validSample(session);
    const found = run.validation.warnings.filter((warning) => warning.code === code);
    return found.length === 0 ? pass(`no ${what}`) : fail(formatIssues(found.slice(0, 5)));
  };
}

/** A 401 with a Bearer challenge (RFC 6750 §3). */
function bearerRefusal(answer: HttpAnswer, what: string): CheckOutcome {
  const challenge = wwwAuthenticate(answer);
  if (answer.status !== 401) return fail(`${what}: expected 401, got ${describeAnswer(answer)}`);
  if (!challenge || !/^bearer\b/i.test(challenge))
    return fail(`${what}: 401 without WWW-Authenticate: Bearer`);
  return pass(`${what}: 401, WWW-Authenticate: ${challenge}`);
}

/** An answer that must be an error operation for `uri` and no attributes, whatever its HTTP status below 500. */
async function errorOperation(
  session: ConformanceSession,
  token: string,
  uri: string,
): Promise<CheckOutcome> {
  const run = await unfurlAndValidate(session, token, uri);
  if (run.answer.status >= 500) return fail(`${uri}: ${describeAnswer(run.answer)}`);
  if (run.validation.attributes)
    return fail(`${uri}: answered with attributes (a preview) instead of an error operation`);
  if (!run.validation.error) return fail(`${uri}: no error operation in ${describeAnswer(run.answer)}`);
  return pass(
    `${uri}: error operation ${run.validation.error.status} "${run.validation.error.message}" (HTTP ${run.answer.status})`,
  );
}

async function errorsWith200(session: ConformanceSession): Promise<CheckOutcome> {
  const primary = await session.primary();
  const run = await unfurlAndValidate(session, primary.tokens.accessToken, unmatchedUri(session));
  if (!run.validation.error) return skip('no error operation to look at (LP-UNFURL-009)');
  return run.answer.status === 200
    ? pass('error operations come with HTTP 200')
    : fail(
        `the error operation came with HTTP ${run.answer.status} (Notion shows it; some integrations do this)`,
      );
}

const unfurlCheck = checkOfArea<ConformanceSession>('unfurl');

export const UNFURL_CHECKS: UnfurlCheck[] = [
  unfurlCheck(
    'LP-UNFURL-001',
    'MUST',
    'The sample link unfurls to a valid set with a title',
    'Notion draws nothing without a title; invalid sections or subtypes are dropped.',
    'protocol § Unfurling, § Attributes',
    sampleValidates,
  ),
  unfurlCheck(
    'LP-UNFURL-002',
    'MUST',
    'The answer echoes the uri asked about',
    'Notion matches answers to links by uri.',
    'protocol § Unfurling',
    echoesUri,
  ),
  unfurlCheck(
    'LP-UNFURL-003',
    'SHOULD',
    'Attribute ids are unique in a set',
    'A later attribute with the same id silently replaces the earlier one.',
    'protocol § Attributes',
    warningCheck('duplicate_id', 'duplicate ids'),
  ),
  unfurlCheck(
    'LP-UNFURL-004',
    'INFO',
    'The set carries a dev attribute',
    'The protocol asks for it; Notion renders previews without it.',
    'protocol § Unfurling, § Attributes',
    warningCheck('missing_dev', 'missing dev'),
  ),
  unfurlCheck(
    'LP-UNFURL-005',
    'INFO',
    'Every attribute names its type',
    'Notion infers type from inline/embed; real integrations omit it.',
    'protocol § Attributes',
    warningCheck('missing_type', 'attribute without type'),
  ),
  unfurlCheck(
    'LP-UNFURL-006',
    'MUST',
    'An unfurl without a token gets 401 and WWW-Authenticate: Bearer',
    'Notion re-runs the auth flow on 401; previews are per person.',
    'protocol § Unfurling; RFC 6750 §3',
    async (session) =>
      bearerRefusal(await session.unfurl(undefined, session.sampleUri), 'no Authorization header'),
  ),
  unfurlCheck(
    'LP-UNFURL-007',
    'MUST',
    'An unfurl with a garbage token gets 401 and WWW-Authenticate: Bearer',
    'Tokens are checked, not trusted.',
    'protocol § Unfurling; RFC 6750 §3.1',
    async (session) =>
      bearerRefusal(
        await session.unfurl(`garbage-${session.notion.context.random.token(16)}`, session.sampleUri),
        'a garbage token',
      ),
  ),
  unfurlCheck(
    'LP-UNFURL-008',
    'MUST',
    'A token in the query string is not accepted',
    'URLs end up in logs and Referer headers; the token belongs in the Authorization header.',
    'RFC 6750 §2.3, §5.3; RFC 9700 §4.3.2',
    tokenInQuery,
  ),
  unfurlCheck(
    'LP-UNFURL-009',
    'MUST',
    'A link matching no rule gets an error operation, not a preview',
    'Notion must not show a preview for what the integration does not own.',
    'protocol § Unfurling',
    async (session) =>
      errorOperation(session, (await session.primary()).tokens.accessToken, unmatchedUri(session)),
  ),
  unfurlCheck(
    'LP-UNFURL-010',
    'MUST',
    'A link to nothing (--missing) gets an error operation',
    'A missing item is a 404 card, not an empty preview.',
    'protocol § Unfurling',
    async (session) =>
      session.options.missing
        ? errorOperation(session, (await session.primary()).tokens.accessToken, session.options.missing)
        : skip('needs --missing <uri>'),
  ),
  unfurlCheck(
    'LP-UNFURL-011',
    'INFO',
    'Error operations come with HTTP 200',
    'Notion also accepts them with 404 (Gumroad does); 200 is what the protocol shows.',
    'protocol § Unfurling, § What Notion tolerates',
    errorsWith200,
  ),
  unfurlCheck(
    'LP-UNFURL-012',
    'SHOULD',
    'A refused token is answered with error="invalid_token"',
    'RFC 6750 names the error so the client knows to re-authorize.',
    'RFC 6750 §3.1',
    async (session) => {
      const answer = await session.unfurl(
        `garbage-${session.notion.context.random.token(16)}`,
        session.sampleUri,
      );
      const challenge = wwwAuthenticate(answer) ?? '';
      return /error="?invalid_token"?/i.test(challenge)
        ? pass(`WWW-Authenticate: ${challenge}`)
        : fail(`WWW-Authenticate: ${challenge || '(none)'}`);
    },
  ),
];

async function tokenInQuery(session: ConformanceSession): Promise<CheckOutcome> {
  const primary = await session.primary();
  const answer = await session.unfurl(undefined, session.sampleUri, {
    query: `access_token=${encodeURIComponent(primary.tokens.accessToken)}`,
  });
  if (answer.status === 200)
    return fail('POST /unfurl?access_token=… without Authorization was answered 200');
  return answer.status === 401
    ? pass('401: the query-string token is ignored')
    : fail(`expected 401, got ${describeAnswer(answer)}`);
}
