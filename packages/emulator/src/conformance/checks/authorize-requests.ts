import type { HttpAnswer } from '../harness/integration-http.js';
import type { ConformanceSession } from '../harness/session.js';
import { redirectTarget } from './answers.js';

/**
 * GET the Authorize URL as the signed-in first person (their browser's cookies), with some parameters
 * changed, following redirects that stay on the integration's origin (at most three).
 */
export async function authorizeAsPrimary(
  session: ConformanceSession,
  overrides: Record<string, string>,
): Promise<{ answer: HttpAnswer; state: string; redirectUri: string }> {
  const primary = await session.primary();
  const started = await session.notion.startAuthorization(primary.user.name, overrides);
  const browser = await session.browser();
  const cookie = await browser.cookieHeader(primary.user, started.authorizeUrl);
  let answer = await session.http({ method: 'GET', url: started.authorizeUrl, headers: { cookie } });
  const origin = new URL(started.authorizeUrl).origin;
  for (let hop = 0; hop < 3; hop += 1) {
    const target = redirectTarget(answer);
    if (!target || new URL(target).origin !== origin) break;
    answer = await session.http({ method: 'GET', url: target, headers: { cookie } });
  }
  return { answer, state: started.state, redirectUri: overrides.redirect_uri ?? started.redirectUri };
}

/** The redirect_uri variants an exact-match allow-list refuses, by kind (protocol § Connecting an account, step 3, RFC 9700 §4.1). */
export function redirectUriVariants(
  valid: string,
): Record<'foreign' | 'suffixed' | 'caseChanged' | 'traversing', string[]> {
  const url = new URL(valid);
  const path = url.pathname;
  const swapped = [...path].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
  return {
    foreign: [`https://evil.example${path}`, `https://${url.host}.evil.example${path}`],
    suffixed: [`${valid}/evil`, `${valid}x`, `${valid}?next=https://evil.example/`],
    caseChanged: [`${url.origin}${swapped}`],
    traversing: [`${valid}/../../evil`, `${url.origin}/evil/..${path}`, `${url.origin}/evil/%2e%2e${path}`],
  };
}
