import { type Check, type CheckOutcome, fail, pass } from '../harness/check.js';
import { describeAnswer } from '../harness/integration-http.js';
import type { ConformanceSession } from '../harness/session.js';
import { queryOf, redirectTarget } from './answers.js';
import { authorizeAsPrimary, redirectUriVariants } from './authorize-requests.js';

type AuthCheck = Check<ConformanceSession>;

/** The Authorize URL with each value refused: an error page each time, never a redirect away from it. */
async function refusedEveryTime(session: ConformanceSession, overrides: Array<Record<string, string>>) {
  const seen: string[] = [];
  for (const override of overrides) {
    const { answer } = await authorizeAsPrimary(session, override);
    const target = redirectTarget(answer);
    const what = Object.entries(override)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    if (target && new URL(target).origin !== new URL(answer.url).origin)
      return fail(`${what}: redirected to ${target} (an open redirect); expected an error page`);
    if (answer.status < 400 || answer.status > 499)
      return fail(
        `${what}: expected an error page (HTTP 4xx) and no redirect, got ${describeAnswer(answer)}`,
      );
    seen.push(`${answer.status}`);
  }
  return pass(`refused with an error page every time (${overrides.length} tries: HTTP ${seen.join(', ')})`);
}

function redirectUriCheck(
  id: string,
  kind: keyof ReturnType<typeof redirectUriVariants>,
  title: string,
  rationale: string,
): AuthCheck {
  return {
    id,
    grade: 'MUST',
    area: 'authorize',
    title,
    rationale,
    reference: 'protocol § Connecting an account, step 3; RFC 6749 §4.1.2.1; RFC 9700 §4.1.3',
    run: (session) =>
      refusedEveryTime(
        session,
        redirectUriVariants(session.notion.redirectUri)[kind].map((redirect_uri) => ({ redirect_uri })),
      ),
  };
}

/** An authorize error that must come back to Notion: `error=<code>` and the state unchanged. */
async function errorRedirect(
  session: ConformanceSession,
  override: Record<string, string>,
  expected: string,
) {
  const { answer, state, redirectUri } = await authorizeAsPrimary(session, override);
  const target = redirectTarget(answer);
  if (!target?.startsWith(redirectUri))
    return fail(
      `expected a redirect to ${redirectUri} with error=${expected}, got ${describeAnswer(answer)}`,
    );
  const query = queryOf(target);
  if (query.error !== expected)
    return fail(`redirected with error=${query.error ?? '(none)'}, expected ${expected}`);
  if (query.state !== state)
    return fail(`state came back as ${JSON.stringify(query.state)}, sent ${JSON.stringify(state)}`);
  if (query.code) return fail('the error redirect also carries a code');
  return pass(`redirected to Notion with error=${expected} and the state unchanged`);
}

export const AUTHORIZE_CHECKS: AuthCheck[] = [
  {
    id: 'LP-AUTH-001',
    grade: 'MUST',
    area: 'authorize',
    title: 'A wrong client_id gets an error page, no redirect',
    rationale: 'Redirecting for an unknown client lets anyone use the integration as a redirector.',
    reference: 'protocol § Connecting an account, step 3; RFC 6749 §4.1.2.1',
    run: (session) => refusedEveryTime(session, [{ client_id: 'not-the-client-id' }, { client_id: '' }]),
  },
  redirectUriCheck(
    'LP-AUTH-002',
    'foreign',
    'A foreign redirect_uri gets an error page, no redirect',
    'An open redirect hands the code, or the person, to an attacker.',
  ),
  redirectUriCheck(
    'LP-AUTH-003',
    'suffixed',
    'A redirect_uri with a suffix (path, character, query) is refused',
    'Prefix matching lets an attacker append a path or parameters of their choosing.',
  ),
  redirectUriCheck(
    'LP-AUTH-004',
    'caseChanged',
    'A case-changed redirect_uri is refused (exact string match)',
    'The allow-list is compared exactly; any normalisation is a way around it.',
  ),
  redirectUriCheck(
    'LP-AUTH-005',
    'traversing',
    'A path-traversing redirect_uri is refused',
    'Dot segments resolve to another path on the receiving side.',
  ),
  {
    id: 'LP-AUTH-006',
    grade: 'MUST',
    area: 'authorize',
    title: 'An unsupported response_type redirects with error=unsupported_response_type and the state',
    rationale: 'Notion learns why the flow stopped; other errors than client/redirect go back to the client.',
    reference: 'protocol § Connecting an account, step 3; RFC 6749 §4.1.2.1',
    run: (session) => errorRedirect(session, { response_type: 'token' }, 'unsupported_response_type'),
  },
  {
    id: 'LP-AUTH-007',
    grade: 'SHOULD',
    area: 'authorize',
    title: 'An unknown scope redirects with error=invalid_scope and the state',
    rationale: 'A scope the integration does not offer must not be granted silently.',
    reference: 'RFC 6749 §4.1.2.1, §3.3',
    run: (session) => errorRedirect(session, { scope: 'unfurl admin:everything' }, 'invalid_scope'),
  },
  {
    id: 'LP-AUTH-008',
    grade: 'MUST',
    area: 'authorize',
    title: 'The state comes back byte for byte',
    rationale: "Notion's CSRF defence on its callback depends on an unchanged state.",
    reference: 'protocol § Connecting an account; RFC 6749 §4.1.2',
    run: stateRoundTrip,
  },
  {
    id: 'LP-AUTH-009',
    grade: 'MUST',
    area: 'authorize',
    title: 'Deny redirects with error=access_denied and the state, no code',
    rationale: 'Notion shows the standard message and the person is not connected.',
    reference: 'protocol § Connecting an account, step 4; RFC 6749 §4.1.2.1',
    run: denyFlow,
  },
];

async function stateRoundTrip(session: ConformanceSession): Promise<CheckOutcome> {
  const state = `s+t/a=t e~%.${session.notion.context.random.token(8)}`;
  const { hit } = await session.authorizeInBrowser(0, 'allow', { state });
  if (!hit) return fail(`no callback within ${session.timeoutMs} ms`);
  if (hit.query.state !== state)
    return fail(`sent state ${JSON.stringify(state)}, got ${JSON.stringify(hit.query.state ?? null)}`);
  return pass(`sent ${JSON.stringify(state)}, got it back unchanged`);
}

async function denyFlow(session: ConformanceSession): Promise<CheckOutcome> {
  await session.primary();
  const { started, hit } = await session.authorizeInBrowser(0, 'deny');
  if (!hit) return fail(`no redirect back to Notion within ${session.timeoutMs} ms after Deny`);
  if (hit.query.error !== 'access_denied') return fail(`came back with ?${hit.rawQuery}`);
  if (hit.query.code) return fail('Deny came back with a code');
  if (hit.query.state !== started.state) return fail('Deny came back with another state');
  return pass('error=access_denied with the state, no code');
}
