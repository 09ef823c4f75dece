import { UnfurlkitError } from '@unfurlkit/core';

/** The cookies one simulated browser holds: name → value (the consent page's CSRF binding, for one). */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0) this.#cookies.set(pair.slice(0, separator).trim(), pair.slice(separator + 1).trim());
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** The hidden field `name` of the consent form (its value is base64url or hex: no escaping to undo). */
export function formField(page: string, name: string): string | undefined {
  return new RegExp(`name="${name}" value="([^"]*)"`).exec(page)?.[1];
}

function failed(step: string, status: number, body: string): UnfurlkitError {
  return new UnfurlkitError(
    'UNFURLKIT_TESTBED_FAILED',
    `connect: ${step} answered ${status}: ${body.replace(/\s+/g, ' ').slice(0, 300)}`,
  );
}

/**
 * What a person's browser does after Notion sends it to the Authorize URL, with fetch: load the consent page
 * (signed in by `headers`), press Allow, follow the redirect back to Notion's callback. Resolves once Notion has
 * the code (the emulator then exchanges it); rejects with the step that did not answer as a browser expects.
 */
export async function completeConsent(authorizeUrl: string, headers: Record<string, string>): Promise<void> {
  const jar = new CookieJar();
  const visit = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...headers, ...(init.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.take(response);
    return response;
  };
  const page = await visit(authorizeUrl);
  const html = await page.text();
  const requestId = formField(html, 'request_id');
  const csrf = formField(html, 'csrf');
  if (page.status !== 200 || !requestId || !csrf) throw failed('the consent page', page.status, html);
  const action = new URL(authorizeUrl);
  const allowed = await visit(`${action.origin}${action.pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: requestId, csrf, decision: 'allow' }).toString(),
  });
  const callback = allowed.headers.get('location');
  if (allowed.status !== 302 || !callback) throw failed('Allow', allowed.status, await allowed.text());
  // Only the redirect back to Notion, never the testbed's header: it is for the integration's server alone.
  const landed = await fetch(new URL(callback, authorizeUrl), { redirect: 'manual' });
  if (landed.status >= 400) throw failed("Notion's callback", landed.status, await landed.text());
  await landed.body?.cancel();
}
