import {
  type Check,
  type CheckOutcome,
  checkOfArea,
  fail,
  PrerequisiteError,
  pass,
} from '../harness/check.js';
import { describeAnswer, type HttpAnswer } from '../harness/integration-http.js';
import { parseJsonSafely } from '../harness/notion-side.js';
import type { ConformanceSession, Connected } from '../harness/session.js';
import { oauthError } from './answers.js';
import { changeSampleAndWatch, requireChangeHook } from './change-hook.js';

/** How long to watch for a PATCH that must not come, after a change. */
const QUIET_WINDOW_MS = 3_000;

type DeletionCheck = Check<ConformanceSession>;

const ok = (answer: HttpAnswer) => answer.status >= 200 && answer.status < 300;

function deletionUrl(session: ConformanceSession): string {
  const url = session.settings.oauth.deletedTokenCallbackUrl;
  if (!url) throw new PrerequisiteError('the settings have no Deleted Token Callback URL', 'skip');
  return url;
}

function callDeletion(session: ConformanceSession, connected: Connected | undefined, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = {
    user_id: connected?.user.name ?? 'nobody',
    workspace_id: session.notion.context.workspaceId,
    bot_id: connected?.connectionId ?? 'no-bot',
  };
  return session.http({ method: 'DELETE', url: deletionUrl(session), headers, body: JSON.stringify(body) });
}

/** A connection of its own, then the deletion callback with its token, twice. */
function deleted(session: ConformanceSession) {
  return session.once('deletion', async () => {
    deletionUrl(session);
    const doomed = await session.connect(0);
    const first = await callDeletion(session, doomed, doomed.tokens.accessToken);
    const second = await callDeletion(session, doomed, doomed.tokens.accessToken);
    return { doomed, first, second };
  });
}

async function deletionHonoured(session: ConformanceSession): Promise<CheckOutcome> {
  const { first } = await deleted(session);
  return ok(first) ? pass(`HTTP ${first.status}`) : fail(describeAnswer(first));
}

async function tokensDead(session: ConformanceSession): Promise<CheckOutcome> {
  const { doomed, first } = await deleted(session);
  if (!ok(first)) return fail('the deletion callback failed (LP-DELETE-004)');
  const unfurl = await session.unfurl(doomed.tokens.accessToken, session.sampleUri);
  if (unfurl.status !== 401)
    return fail(`the access token still works after the deletion callback: ${describeAnswer(unfurl)}`);
  if (doomed.tokens.refreshToken) {
    const refresh = await session.tokenRequest(
      { grant_type: 'refresh_token', refresh_token: doomed.tokens.refreshToken },
      'post',
    );
    if (oauthError(refresh) !== 'invalid_grant')
      return fail(`the refresh token still works: ${describeAnswer(refresh)}`);
  }
  return pass(`access token 401${doomed.tokens.refreshToken ? ', refresh token invalid_grant' : ''}`);
}

async function deletionIdempotent(session: ConformanceSession): Promise<CheckOutcome> {
  const { second } = await deleted(session);
  return ok(second) || second.status === 401
    ? pass(`the second call: HTTP ${second.status}`)
    : fail(describeAnswer(second));
}

async function othersSurvive(session: ConformanceSession): Promise<CheckOutcome> {
  const other = await session.secondary();
  const { first } = await deleted(session);
  if (!ok(first)) return fail('the deletion callback failed (LP-DELETE-004)');
  const unfurl = await session.unfurl(other.tokens.accessToken, session.sampleUri);
  if (unfurl.status === 401)
    return fail(`${other.user.name}'s token died with another person's deletion callback`);
  return pass(`${other.user.name}'s token still works (HTTP ${unfurl.status})`);
}

async function unfurlDelete(session: ConformanceSession) {
  return session.once('unfurl-delete', async () => {
    const primary = await session.primary();
    const first = await session.unfurl(primary.tokens.accessToken, session.sampleUri, { method: 'DELETE' });
    const second = await session.unfurl(primary.tokens.accessToken, session.sampleUri, { method: 'DELETE' });
    return { first, second };
  });
}

/** After DELETE of the link, a change of its data pushes nothing to that person (their Notion token). */
async function untracked(session: ConformanceSession): Promise<CheckOutcome> {
  const hook = await requireChangeHook(session);
  const primary = await session.primary();
  const { first } = await unfurlDelete(session);
  if (!ok(first)) return fail('DELETE on the Unfurl Callback failed (LP-DELETE-001)');
  const notionToken = (parseJsonSafely(primary.exchange?.responseBody ?? '') as { access_token?: string })
    ?.access_token;
  if (!notionToken) throw new PrerequisiteError("the person's connection holds no Notion token", 'skip');
  const pushed = await changeSampleAndWatch(
    session,
    hook,
    Math.min(QUIET_WINDOW_MS, session.timeoutMs),
    (call) => call.headers.authorization === `Bearer ${notionToken}`,
  );
  if (pushed)
    return fail(`after DELETE of ${session.sampleUri}, a change still pushed it to ${primary.user.name}`);
  return pass(
    `no PATCH to ${primary.user.name} within ${Math.min(QUIET_WINDOW_MS, session.timeoutMs)} ms of a change`,
  );
}

const deletionCheck = checkOfArea<ConformanceSession>('deletion');

/** DELETE on the Unfurl Callback URL: with the first person's token, so before anything revokes it. */
export const UNFURL_DELETE_CHECKS: DeletionCheck[] = [
  deletionCheck(
    'LP-DELETE-001',
    'MUST',
    'DELETE on the Unfurl Callback URL is answered 2xx',
    'The person removed every preview of the link; the integration stops tracking it.',
    'protocol § Unfurling',
    async (session) => {
      const { first } = await unfurlDelete(session);
      return ok(first) ? pass(`HTTP ${first.status}`) : fail(describeAnswer(first));
    },
  ),
  deletionCheck(
    'LP-DELETE-002',
    'SHOULD',
    'DELETE on the Unfurl Callback URL is idempotent',
    'Notion may send it again.',
    'protocol § Unfurling',
    async (session) => {
      const { second } = await unfurlDelete(session);
      return ok(second) ? pass(`the second DELETE: HTTP ${second.status}`) : fail(describeAnswer(second));
    },
  ),
  deletionCheck(
    'LP-DELETE-009',
    'MUST',
    'After DELETE on the Unfurl Callback URL, changes are no longer pushed to that person',
    'The person removed every preview of the link; pushing its data on is tracking nobody asked for.',
    'protocol § Unfurling',
    untracked,
  ),
  deletionCheck(
    'LP-DELETE-003',
    'SHOULD',
    'DELETE on the Unfurl Callback URL without a token gets 401',
    'Only the person may stop their own previews.',
    'protocol § Unfurling; RFC 6750 §3',
    async (session) => {
      const answer = await session.unfurl(undefined, session.sampleUri, { method: 'DELETE' });
      return answer.status === 401 ? pass('401') : fail(describeAnswer(answer));
    },
  ),
];

/** The Deleted Token Callback: on a connection of its own, late in the run (it ends a grant). */
export const DELETION_CALLBACK_CHECKS: DeletionCheck[] = [
  deletionCheck(
    'LP-DELETE-004',
    'MUST',
    'The Deleted Token Callback is answered 2xx',
    'The person disconnected; the integration drops their tokens.',
    'protocol § Pushing updates and disconnecting',
    deletionHonoured,
  ),
  deletionCheck(
    'LP-DELETE-005',
    'MUST',
    "After the deletion callback the person's access and refresh tokens are dead",
    'A disconnected person must not stay connected.',
    'protocol § Pushing updates and disconnecting; RFC 7009 §2.1',
    tokensDead,
  ),
  deletionCheck(
    'LP-DELETE-006',
    'SHOULD',
    'The deletion callback is idempotent (2xx or 401 the second time)',
    'Notion may retry; a retry must not fail loudly.',
    'protocol § What Notion tolerates',
    deletionIdempotent,
  ),
  deletionCheck(
    'LP-DELETE-007',
    'MUST',
    "Another person's tokens survive a deletion callback",
    'Deletion is per person.',
    'protocol § Pushing updates and disconnecting',
    othersSurvive,
  ),
  deletionCheck(
    'LP-DELETE-008',
    'SHOULD',
    'The deletion callback without a token gets 401',
    'An unauthenticated call must not disconnect anyone.',
    'protocol § Pushing updates and disconnecting; RFC 6750 §3',
    async (session) => {
      deletionUrl(session);
      const answer = await callDeletion(session, undefined);
      return answer.status === 401 ? pass('401') : fail(describeAnswer(answer));
    },
  ),
];
