import { type Check, type CheckOutcome, checkOfArea, fail, pass, skip } from '../harness/check.js';
import { describeAnswer, type HttpAnswer } from '../harness/integration-http.js';
import { runHook } from '../harness/run-hook.js';
import type { ConformanceSession } from '../harness/session.js';
import { isJson, oauthError, wwwAuthenticate } from './answers.js';

type TokenCheck = Check<ConformanceSession>;

const TEN_MINUTES_MS = 10 * 60 * 1_000;

/** An RFC 6749 §5.2 error: the status (one of `statuses`), JSON, the `error` code. */
function expectOAuthError(answer: HttpAnswer, code: string, statuses: number[]): CheckOutcome {
  if (!statuses.includes(answer.status) || oauthError(answer) !== code)
    return fail(`expected HTTP ${statuses.join(' or ')} with error ${code}, got ${describeAnswer(answer)}`);
  if (!isJson(answer))
    return fail(`the ${code} error is not application/json (${answer.headers['content-type'] ?? 'none'})`);
  return pass(`HTTP ${answer.status} {"error":"${code}"}`);
}

function noStore(answer: HttpAnswer, what: string): string | undefined {
  const cacheControl = answer.headers['cache-control'] ?? '';
  return /\bno-store\b/i.test(cacheControl)
    ? undefined
    : `${what}: Cache-Control is ${JSON.stringify(cacheControl || '(none)')}`;
}

async function postExchange(session: ConformanceSession): Promise<CheckOutcome> {
  const { answer } = await session.primary();
  const type = (answer.json as { token_type?: unknown }).token_type;
  if (typeof type !== 'string' || type.toLowerCase() !== 'bearer')
    return fail(`token_type is ${JSON.stringify(type)}`);
  if (!isJson(answer)) return fail('the token answer is not application/json');
  return pass('client_secret_post: access_token, token_type bearer');
}

async function basicExchange(session: ConformanceSession): Promise<CheckOutcome> {
  const { code } = await session.freshCode(0);
  const { answer, tokens } = await session.exchangeCode(code, 'basic');
  if (!tokens) return fail(`client_secret_basic with form-urlencoded credentials: ${describeAnswer(answer)}`);
  return pass('client_secret_basic: access_token issued');
}

async function noStoreOnTokens(session: ConformanceSession): Promise<CheckOutcome> {
  const { answer } = await session.primary();
  const problem = noStore(answer, 'the token answer');
  return problem ? fail(problem) : pass(`Cache-Control: ${answer.headers['cache-control']}`);
}

async function pragmaOnTokens(session: ConformanceSession): Promise<CheckOutcome> {
  const { answer } = await session.primary();
  const pragma = answer.headers.pragma ?? '';
  return /no-cache/i.test(pragma)
    ? pass('Pragma: no-cache')
    : fail(`Pragma is ${JSON.stringify(pragma || '(none)')}`);
}

/** A code used twice: the second exchange is refused; its first tokens, kept for LP-TOKEN-006. */
function replay(session: ConformanceSession) {
  return session.once('replay', async () => {
    const { code } = await session.freshCode(0);
    const first = await session.exchangeCode(code, 'post');
    const second = await session.exchangeCode(code, 'post');
    return { first, second };
  });
}

async function singleUse(session: ConformanceSession): Promise<CheckOutcome> {
  const { first, second } = await replay(session);
  if (!first.tokens) return fail(`the first exchange failed: ${describeAnswer(first.answer)}`);
  return expectOAuthError(second.answer, 'invalid_grant', [400]);
}

async function replayRevokes(session: ConformanceSession): Promise<CheckOutcome> {
  const { first, second } = await replay(session);
  if (!first.tokens || second.tokens) return fail('the code was not single use (see LP-TOKEN-005)');
  const unfurl = await session.unfurl(first.tokens.accessToken, session.sampleUri);
  if (unfurl.status !== 401)
    return fail(`the token from the replayed code still works: ${describeAnswer(unfurl)}`);
  return pass("after the replay, the first exchange's access token gets 401");
}

async function expiredCode(session: ConformanceSession): Promise<CheckOutcome> {
  const advance = session.options.advanceClock;
  if (!session.options.slow && !advance)
    return skip('waits 10 minutes: run with --slow (or --advance-clock)');
  const { code } = await session.freshCode(0);
  if (advance) {
    const seconds = String((TEN_MINUTES_MS + 5_000) / 1_000);
    const problem = await runHook(
      '--advance-clock',
      advance,
      { CONFORMANCE_ADVANCE_SECONDS: seconds },
      session.timeoutMs,
    );
    if (problem) return fail(problem);
  } else {
    await new Promise((resolve) => setTimeout(resolve, TEN_MINUTES_MS + 5_000));
  }
  const { answer } = await session.exchangeCode(code, 'post');
  return expectOAuthError(answer, 'invalid_grant', [400]);
}

async function redirectBound(session: ConformanceSession): Promise<CheckOutcome> {
  const { code } = await session.freshCode(0);
  const answer = await session.tokenRequest(
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: 'https://evil.example/externalIntegrationAuthCallback',
    },
    'post',
  );
  return expectOAuthError(answer, 'invalid_grant', [400]);
}

const unknownCode = (session: ConformanceSession) =>
  session.tokenRequest(
    {
      grant_type: 'authorization_code',
      code: 'not-a-code-0000000000000000',
      redirect_uri: session.notion.redirectUri,
    },
    'post',
  );

async function errorsNotCached(session: ConformanceSession): Promise<CheckOutcome> {
  const answers = [
    await unknownCode(session),
    await session.tokenRequest({ grant_type: 'password', username: 'x', password: 'y' }, 'post'),
  ];
  for (const answer of answers) {
    if (!isJson(answer) || oauthError(answer) === undefined)
      return fail(`an error that is not RFC 6749 JSON: ${describeAnswer(answer)}`);
    const problem = noStore(answer, `the ${oauthError(answer)} error`);
    if (problem) return fail(problem);
  }
  return pass('errors are JSON with error and Cache-Control: no-store');
}

async function codeEntropy(session: ConformanceSession): Promise<CheckOutcome> {
  const { code, tokens } = await session.primary();
  const short = [
    ['code', code],
    ['access token', tokens.accessToken],
  ].filter(([, value]) => (value ?? '').length < 22);
  if (short.length > 0)
    return fail(
      `too short to carry 128 bits: ${short.map(([name, v]) => `${name} (${v?.length} chars)`).join(', ')}`,
    );
  return pass(`code ${code.length} chars, access token ${tokens.accessToken.length} chars`);
}

const tokenCheck = checkOfArea<ConformanceSession>('token');

export const TOKEN_CHECKS: TokenCheck[] = [
  tokenCheck(
    'LP-TOKEN-001',
    'MUST',
    'The code exchange works with client_secret_post',
    'Notion sends client_id and client_secret in the form body.',
    'protocol § Connecting an account, step 5; RFC 6749 §2.3.1, §4.1.3',
    postExchange,
  ),
  tokenCheck(
    'LP-TOKEN-002',
    'MUST',
    'The code exchange works with client_secret_basic (form-urlencoded credentials)',
    'RFC 6749 requires servers to support HTTP Basic; the credentials are form-urlencoded before base64.',
    'protocol § Connecting an account, step 5; RFC 6749 §2.3.1',
    basicExchange,
  ),
  tokenCheck(
    'LP-TOKEN-003',
    'MUST',
    'Token answers carry Cache-Control: no-store',
    'Tokens must not sit in a cache.',
    'RFC 6749 §5.1',
    noStoreOnTokens,
  ),
  tokenCheck(
    'LP-TOKEN-004',
    'SHOULD',
    'Token answers carry Pragma: no-cache',
    'For HTTP/1.0 caches, as RFC 6749 asks.',
    'RFC 6749 §5.1',
    pragmaOnTokens,
  ),
  tokenCheck(
    'LP-TOKEN-005',
    'MUST',
    'A code works once: a second exchange gets invalid_grant',
    'A stolen, already used code must be worthless.',
    'RFC 6749 §4.1.2, §10.5',
    singleUse,
  ),
  tokenCheck(
    'LP-TOKEN-006',
    'SHOULD',
    'Replaying a code revokes the tokens issued from it',
    'A replay means the code leaked; its tokens may be in the wrong hands.',
    'RFC 6749 §4.1.2; RFC 9700 §4.5',
    replayRevokes,
  ),
  tokenCheck(
    'LP-TOKEN-007',
    'MUST',
    'A wrong client_secret (in the body) gets invalid_client',
    'Only Notion may redeem codes.',
    'protocol § Connecting an account, step 5; RFC 6749 §5.2',
    async (session) =>
      expectOAuthError(
        await session.tokenRequest(
          { grant_type: 'authorization_code', code: 'x'.repeat(32) },
          'post',
          session.wrongSecret,
        ),
        'invalid_client',
        [400, 401],
      ),
  ),
  tokenCheck(
    'LP-TOKEN-008',
    'MUST',
    'A wrong secret with HTTP Basic gets 401 invalid_client and WWW-Authenticate',
    'RFC 6749 requires the challenge when the client used the Authorization header.',
    'RFC 6749 §5.2',
    wrongBasic,
  ),
  tokenCheck(
    'LP-TOKEN-009',
    'MUST',
    'An unknown code gets 400 invalid_grant',
    'Codes are checked, not trusted.',
    'RFC 6749 §5.2',
    async (session) => expectOAuthError(await unknownCode(session), 'invalid_grant', [400]),
  ),
  tokenCheck(
    'LP-TOKEN-010',
    'MUST',
    'An unsupported grant_type gets 400 unsupported_grant_type',
    'Only authorization_code and refresh_token are offered.',
    'RFC 6749 §5.2',
    async (session) =>
      expectOAuthError(
        await session.tokenRequest({ grant_type: 'password', username: 'a', password: 'b' }, 'post'),
        'unsupported_grant_type',
        [400],
      ),
  ),
  tokenCheck(
    'LP-TOKEN-011',
    'MUST',
    'A request without code gets 400 invalid_request',
    'A malformed request is named as such.',
    'RFC 6749 §5.2',
    async (session) =>
      expectOAuthError(
        await session.tokenRequest({ grant_type: 'authorization_code' }, 'post'),
        'invalid_request',
        [400],
      ),
  ),
  tokenCheck(
    'LP-TOKEN-012',
    'MUST',
    'Token errors are JSON with error and Cache-Control: no-store',
    'Notion parses JSON errors; an HTML page is a broken contract.',
    'protocol § Connecting an account, step 5; RFC 6749 §5.2',
    errorsNotCached,
  ),
  tokenCheck(
    'LP-TOKEN-013',
    'MUST',
    'A code exchanged with another redirect_uri gets invalid_grant',
    'A code is bound to the redirect_uri it was issued for.',
    'RFC 6749 §4.1.3',
    redirectBound,
  ),
  tokenCheck(
    'LP-TOKEN-014',
    'SHOULD',
    'A code older than 10 minutes gets invalid_grant (with --slow or --advance-clock)',
    'Codes are short-lived; RFC 6749 recommends at most 10 minutes.',
    'RFC 6749 §4.1.2',
    expiredCode,
  ),
  tokenCheck(
    'LP-TOKEN-015',
    'SHOULD',
    'Codes and access tokens are long enough for 128 bits of randomness',
    'Short values can be guessed.',
    'RFC 6749 §10.10; RFC 9700 §4.5',
    codeEntropy,
  ),
];

async function wrongBasic(session: ConformanceSession): Promise<CheckOutcome> {
  const answer = await session.tokenRequest(
    { grant_type: 'authorization_code', code: 'x'.repeat(32) },
    'basic',
    session.wrongSecret,
  );
  const outcome = expectOAuthError(answer, 'invalid_client', [401]);
  if (outcome.status === 'fail') return outcome;
  const challenge = wwwAuthenticate(answer);
  if (!challenge || !/^basic\b/i.test(challenge))
    return fail(`401 without WWW-Authenticate: Basic (got ${JSON.stringify(challenge ?? '(none)')})`);
  return pass(`HTTP 401 invalid_client, WWW-Authenticate: ${challenge}`);
}
