import type { ConsentSnapshot } from '../harness/browser.js';
import { type Check, type CheckOutcome, fail, pass } from '../harness/check.js';
import { describeAnswer, formBody } from '../harness/integration-http.js';
import type { ConformanceSession } from '../harness/session.js';
import { queryOf, redirectTarget } from './answers.js';

type ConsentCheck = Check<ConformanceSession>;

const CSRF_FIELD = /csrf|xsrf|authenticity|nonce|token/i;

/** The consent page of a fresh connect attempt, as the signed-in first person sees it. */
async function consentPage(
  session: ConformanceSession,
): Promise<{ consent: ConsentSnapshot; state: string }> {
  await session.primary();
  const { consent, started } = await session.authorizeInBrowser(0, 'stop-at-consent');
  if (!consent) throw new Error('the browser reached no consent page');
  return { consent, state: started.state };
}

async function antiFraming(session: ConformanceSession): Promise<CheckOutcome> {
  const { consent } = await session.once('consent-page', () => consentPage(session));
  const frameOptions = (consent.headers['x-frame-options'] ?? '').toUpperCase();
  const csp = consent.headers['content-security-policy'] ?? '';
  const ancestors = /frame-ancestors\s+([^;]*)/i.exec(csp)?.[1]?.trim();
  const cspOk = ancestors !== undefined && /^('none'|'self')$/i.test(ancestors);
  const xfoOk = frameOptions === 'DENY' || frameOptions === 'SAMEORIGIN';
  if (!cspOk && !xfoOk)
    return fail(
      `the consent page (${consent.url}) sends neither X-Frame-Options DENY nor CSP frame-ancestors 'none' (got X-Frame-Options: ${frameOptions || '(none)'}, frame-ancestors: ${ancestors ?? '(none)'})`,
    );
  return pass(`X-Frame-Options: ${frameOptions || '(none)'}; frame-ancestors ${ancestors ?? '(none)'}`);
}

/**
 * Submits the consent form as the signed-in person would, but with its CSRF token forged or removed (or, when
 * the form has none, from a foreign origin): the integration must not send Notion a code.
 */
async function forgedConsent(session: ConformanceSession, mode: 'forged' | 'missing'): Promise<CheckOutcome> {
  const { consent, state } = await consentPage(session);
  if (!consent.form) return fail(`the consent button at ${consent.url} belongs to no form`);
  const primary = await session.primary();
  const fields = consent.form.fields;
  const csrf = fields.filter(([name]) => CSRF_FIELD.test(name)).map(([name]) => name);
  const sent =
    mode === 'forged'
      ? fields.map(([name, value]): [string, string] => [
          name,
          csrf.includes(name) ? `forged${value.length}x` : value,
        ])
      : fields.filter(([name]) => !csrf.includes(name));
  const cookie = await (await session.browser()).cookieHeader(primary.user, consent.form.action);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', cookie };
  if (csrf.length === 0)
    Object.assign(headers, { origin: 'https://evil.example', referer: 'https://evil.example/' });
  const answer = await session.http({
    method: 'POST',
    url: consent.form.action,
    headers,
    body: formBody(Object.fromEntries(sent)),
  });
  const target = redirectTarget(answer) ?? '';
  const granted = target.startsWith(session.notion.redirectUri) && queryOf(target).code !== undefined;
  const what =
    csrf.length === 0
      ? 'a cross-site POST of the consent form (it has no CSRF field)'
      : `the consent form with ${csrf.join(', ')} ${mode}`;
  if (granted || session.notion.callbacks.some((hit) => hit.query.state === state && hit.query.code))
    return fail(`${what} was accepted: ${describeAnswer(answer)}`);
  return pass(`${what} was refused: HTTP ${answer.status}`);
}

export const CONSENT_CHECKS: ConsentCheck[] = [
  {
    id: 'LP-CONSENT-001',
    grade: 'MUST',
    area: 'consent',
    title: "The consent page can't be framed (X-Frame-Options DENY or CSP frame-ancestors 'none')",
    rationale: 'A framed Allow button can be clicked by another site (clickjacking).',
    reference: 'protocol § Connecting an account, step 3; RFC 6749 §10.13; RFC 9700 §4.16',
    run: antiFraming,
  },
  {
    id: 'LP-CONSENT-002',
    grade: 'MUST',
    area: 'consent',
    title: 'A consent POST with a forged CSRF token is refused',
    rationale: "Otherwise another site can press Allow on the signed-in person's behalf.",
    reference: 'protocol § Connecting an account, step 3; RFC 6749 §10.12',
    run: (session) => forgedConsent(session, 'forged'),
  },
  {
    id: 'LP-CONSENT-003',
    grade: 'MUST',
    area: 'consent',
    title: 'A consent POST without its CSRF token is refused',
    rationale: 'A token that is checked only when present protects nothing.',
    reference: 'protocol § Connecting an account, step 3; RFC 6749 §10.12',
    run: (session) => forgedConsent(session, 'missing'),
  },
];
