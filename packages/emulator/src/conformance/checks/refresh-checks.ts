import {
  type Check,
  type CheckOutcome,
  checkOfArea,
  fail,
  PrerequisiteError,
  pass,
} from '../harness/check.js';
import { describeAnswer, type HttpAnswer } from '../harness/integration-http.js';
import { type ConformanceSession, readTokens, type TokenSet } from '../harness/session.js';
import { oauthError } from './answers.js';

type RefreshCheck = Check<ConformanceSession>;

interface RefreshRun {
  before: TokenSet & { refreshToken: string };
  answer: HttpAnswer;
  after?: TokenSet;
}

/** A connection of its own (reuse of an old refresh token may revoke it all), refreshed once. */
function refreshed(session: ConformanceSession): Promise<RefreshRun> {
  return session.once('refresh', async () => {
    const { tokens } = await session.connect(0);
    if (!tokens.refreshToken)
      throw new PrerequisiteError(
        'the integration issues no refresh_token (long-lived access tokens)',
        'skip',
      );
    const before = { ...tokens, refreshToken: tokens.refreshToken };
    const answer = await refreshWith(session, before.refreshToken);
    const after = readTokens(answer);
    if (after) session.keepTokens(after);
    return after ? { before, answer, after } : { before, answer };
  });
}

function refreshWith(session: ConformanceSession, refreshToken: string): Promise<HttpAnswer> {
  return session.tokenRequest(
    { grant_type: 'refresh_token', refresh_token: refreshToken, redirect_uri: session.notion.redirectUri },
    'post',
  );
}

async function refreshWorks(session: ConformanceSession): Promise<CheckOutcome> {
  const run = await refreshed(session);
  if (!run.after) return fail(`the refresh grant failed: ${describeAnswer(run.answer)}`);
  const unfurl = await session.unfurl(run.after.accessToken, session.sampleUri);
  if (unfurl.status !== 200)
    return fail(`the refreshed access token does not unfurl: ${describeAnswer(unfurl)}`);
  return pass('a new access token, and it unfurls');
}

async function rotates(session: ConformanceSession): Promise<CheckOutcome> {
  const run = await refreshed(session);
  if (!run.after) return fail('the refresh grant failed (LP-REFRESH-001)');
  if (!run.after.refreshToken) return fail('the refresh answer has no new refresh_token');
  if (run.after.refreshToken === run.before.refreshToken) return fail('the refresh token was not rotated');
  return pass('a new refresh token on every refresh');
}

/**
 * The old refresh token again: refused, at once or after a bounded grace window for lost answers (polled every
 * second up to --timeout); then the grant's access tokens are dead too (theft response).
 */
function reuse(session: ConformanceSession) {
  return session.once('refresh-reuse', async () => {
    const run = await refreshed(session);
    if (!run.after) throw new PrerequisiteError('the refresh grant failed (LP-REFRESH-001)');
    const started = Date.now();
    const accessTokens = [run.after.accessToken];
    let again = await refreshWith(session, run.before.refreshToken);
    for (let round = 0; round < Math.ceil(session.timeoutMs / 1_000) && again.status === 200; round += 1) {
      const tokens = readTokens(again);
      if (tokens) {
        session.keepTokens(tokens);
        accessTokens.push(tokens.accessToken);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      again = await refreshWith(session, run.before.refreshToken);
    }
    const graceSeconds = accessTokens.length > 1 ? Math.round((Date.now() - started) / 1_000) : 0;
    const unfurls = await Promise.all(accessTokens.map((token) => session.unfurl(token, session.sampleUri)));
    return { again, unfurls, graceSeconds };
  });
}

async function oldRefused(session: ConformanceSession): Promise<CheckOutcome> {
  const { again, graceSeconds } = await reuse(session);
  if (oauthError(again) !== 'invalid_grant' || again.status !== 400)
    return fail(
      `the used refresh token is still accepted after ${session.timeoutMs / 1_000} s: ${describeAnswer(again)}`,
    );
  const grace = graceSeconds > 0 ? ` after a grace window of about ${graceSeconds} s` : '';
  return pass(`the used refresh token gets 400 invalid_grant${grace}`);
}

async function reuseRevokes(session: ConformanceSession): Promise<CheckOutcome> {
  const { again, unfurls } = await reuse(session);
  if (again.status === 200) return fail('the used refresh token is still accepted (LP-REFRESH-003)');
  const alive = unfurls.find((unfurl) => unfurl.status !== 401);
  if (alive)
    return fail(
      `after reuse of a refresh token the grant's access token still works: ${describeAnswer(alive)}`,
    );
  return pass(`after reuse of a refresh token, the grant's ${unfurls.length} access token(s) get 401`);
}

async function garbageRefresh(session: ConformanceSession): Promise<CheckOutcome> {
  const answer = await refreshWith(session, 'not-a-refresh-token-000000000000');
  if (answer.status !== 400 || oauthError(answer) !== 'invalid_grant')
    return fail(`expected 400 invalid_grant, got ${describeAnswer(answer)}`);
  return pass('400 invalid_grant');
}

const refreshCheck = checkOfArea<ConformanceSession>('refresh');

export const REFRESH_CHECKS: RefreshCheck[] = [
  refreshCheck(
    'LP-REFRESH-001',
    'MUST',
    'The refresh grant issues a working access token',
    'Notion refreshes when expires_in has passed.',
    'protocol § Connecting an account, step 5; RFC 6749 §6',
    refreshWorks,
  ),
  refreshCheck(
    'LP-REFRESH-002',
    'SHOULD',
    'Refresh tokens rotate on every use',
    'A stolen refresh token is then detected at its next use.',
    'protocol § Connecting an account, step 5; RFC 9700 §4.14.2',
    rotates,
  ),
  refreshCheck(
    'LP-REFRESH-003',
    'SHOULD',
    'A used refresh token is refused with invalid_grant',
    'Rotation means nothing if the old token keeps working.',
    'protocol § Connecting an account, step 5; RFC 9700 §4.14.2',
    oldRefused,
  ),
  refreshCheck(
    'LP-REFRESH-004',
    'SHOULD',
    'Reusing a refresh token revokes the whole grant',
    'Reuse is a sign of theft: both parties lose the grant.',
    'protocol § Connecting an account, step 5; RFC 9700 §4.14.2',
    reuseRevokes,
  ),
  refreshCheck(
    'LP-REFRESH-005',
    'MUST',
    'An unknown refresh token gets 400 invalid_grant',
    'Refresh tokens are checked, not trusted.',
    'RFC 6749 §5.2',
    garbageRefresh,
  ),
];
