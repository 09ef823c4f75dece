import { type Check, type CheckOutcome, fail, pass, skip } from '../harness/check.js';
import type { ConformanceSession } from '../harness/session.js';
import { unfurlAndValidate } from './unfurl-answers.js';

type DataCheck = Check<ConformanceSession>;

async function forbiddenLink(session: ConformanceSession): Promise<CheckOutcome> {
  const uri = session.options.forbidden;
  if (!uri) return skip('needs --forbidden <uri>');
  const primary = await session.primary();
  const run = await unfurlAndValidate(session, primary.tokens.accessToken, uri);
  if (run.validation.attributes)
    return fail(`${primary.user.name} may not see ${uri}, yet got a preview of it`);
  if (!run.validation.error) return fail(`${uri}: HTTP ${run.answer.status} without an error operation`);
  return pass(`error operation ${run.validation.error.status} "${run.validation.error.message}"`);
}

/** Each person's token answers as that person: what the second person sees never reaches the first. */
async function perPerson(session: ConformanceSession): Promise<CheckOutcome> {
  const uri = session.options.forbidden;
  if (!uri) return skip('needs --forbidden <uri> and a second --user');
  const second = await session.secondary();
  const primary = await session.primary();
  const theirs = await unfurlAndValidate(session, second.tokens.accessToken, uri);
  const mine = await unfurlAndValidate(session, primary.tokens.accessToken, uri);
  if (mine.validation.attributes)
    return fail(`${primary.user.name}'s token got a preview of ${uri}, which only others may see`);
  if (!theirs.validation.attributes)
    return pass(`neither person got a preview of ${uri} (the second person may not see it either)`);
  return pass(`${second.user.name} sees ${uri}, ${primary.user.name} gets an error operation`);
}

/** Every value of `secrets` found in the answers, with where. */
function findLeaks(session: ConformanceSession, secrets: Array<{ name: string; value: string }>): string[] {
  const tokenUrl = session.settings.oauth.tokenUrl;
  const found: string[] = [];
  for (const answer of session.answers) {
    const headers = JSON.stringify(answer.headers);
    for (const secret of secrets) {
      if (headers.includes(secret.value))
        found.push(`${secret.name} in a header of ${answer.method} ${answer.url}`);
      else if (answer.text.includes(secret.value))
        found.push(`${secret.name} in the body of ${answer.method} ${answer.url}`);
    }
    if (answer.url.startsWith(tokenUrl)) continue;
    for (const token of session.issuedTokens) {
      if (answer.text.includes(token) || headers.includes(token))
        found.push(`a token of the integration echoed by ${answer.method} ${answer.url}`);
    }
  }
  return found;
}

async function noSecretLeaks(session: ConformanceSession): Promise<CheckOutcome> {
  const secrets = session.secrets();
  const found = findLeaks(session, secrets);
  const browser = await session.browser().catch(() => undefined);
  for (const page of browser?.navigations ?? []) {
    const seen = `${page.url} ${JSON.stringify(page.headers)}`;
    for (const secret of secrets)
      if (seen.includes(secret.value))
        found.push(`${secret.name} in the page or redirect ${page.url.split('?')[0]}`);
  }
  if (found.length > 0) return fail([...new Set(found)].slice(0, 5).join('; '));
  return pass(
    `${session.answers.length} answers and ${browser?.navigations.length ?? 0} pages carry none of ${secrets.length} secrets`,
  );
}

export const DATA_CHECKS: DataCheck[] = [
  {
    id: 'LP-DATA-001',
    grade: 'MUST',
    area: 'data',
    title: 'A link the person may not see (--forbidden) gets an error operation, never its data',
    rationale: 'Previews are authorised per person; a preview is a read of the data.',
    reference: 'protocol § Unfurling; security § Resource endpoints',
    run: forbiddenLink,
  },
  {
    id: 'LP-DATA-002',
    grade: 'MUST',
    area: 'data',
    title: "A person's token never unfurls what only another person may see",
    rationale: 'The answer must be resolved for the person the token belongs to.',
    reference: 'protocol § Unfurling; security § Resource endpoints',
    run: perPerson,
  },
];

/** Run last: it looks at every answer the run collected. */
export const LEAK_CHECK: DataCheck = {
  id: 'LP-DATA-003',
  grade: 'MUST',
  area: 'data',
  title: 'No answer, header or redirect carries a secret the checker used',
  rationale: 'Secrets in pages, errors or URLs end up in logs, caches and other hands.',
  reference: 'protocol § Connecting an account; RFC 6749 §10.3; security § Data at rest and logs',
  run: noSecretLeaks,
};
