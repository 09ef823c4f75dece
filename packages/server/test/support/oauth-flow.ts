import { CLIENT_ID, CLIENT_SECRET, type Harness, REDIRECT_URI } from './harness.js';

/** A minimal cookie jar for fetch: enough for one browser-like flow. */
export class CookieJar {
  readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, index).trim(), pair!.slice(index + 1).trim());
    }
  }
}

export interface AuthorizeQuery {
  client_id?: string;
  redirect_uri?: string;
  response_type?: string;
  scope?: string;
  state?: string;
  code?: string;
}

export function authorizeUrl(h: Harness, query: AuthorizeQuery = {}, extra = ''): string {
  const params = new URLSearchParams();
  const merged: AuthorizeQuery = {
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'unfurl',
    state: 'state-123',
    code: h.notion.issueCode(),
    ...query,
  };
  for (const [name, value] of Object.entries(merged)) if (value !== undefined) params.set(name, value);
  return `${h.url}/notion/authorize?${params}${extra}`;
}

/** GET/POST without following redirects, sending and keeping cookies. */
export async function browse(url: string, jar: CookieJar, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, {
    ...init,
    redirect: 'manual',
    headers: { ...(init.headers as Record<string, string>), cookie: jar.header() },
  });
  jar.take(response);
  return response;
}

export function signedInJar(user = 'alice'): CookieJar {
  const jar = new CookieJar();
  jar.cookies.set('test_user', user);
  return jar;
}

export interface ConsentForm {
  requestId: string;
  csrf: string;
  html: string;
}

export function readConsentForm(html: string): ConsentForm {
  const field = (name: string) => new RegExp(`name="${name}" value="([^"]+)"`).exec(html)?.[1];
  const requestId = field('request_id');
  const csrf = field('csrf');
  if (!requestId || !csrf) throw new Error(`no consent form in:\n${html.slice(0, 500)}`);
  return { requestId, csrf, html };
}

export async function postConsent(
  h: Harness,
  jar: CookieJar,
  form: { requestId: string; csrf: string },
  decision: 'allow' | 'deny',
): Promise<Response> {
  return browse(`${h.url}/notion/authorize`, jar, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request_id: form.requestId, csrf: form.csrf, decision }).toString(),
  });
}

/** Runs authorize → consent → Allow; returns the redirect Notion's browser gets. */
export async function allowConnection(
  h: Harness,
  options: { user?: string; query?: AuthorizeQuery } = {},
): Promise<{ location: URL; jar: CookieJar }> {
  const jar = signedInJar(options.user);
  const page = await browse(authorizeUrl(h, options.query), jar);
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}`);
  const response = await postConsent(h, jar, readConsentForm(await page.text()), 'allow');
  const location = response.headers.get('location');
  if (response.status !== 302 || !location) throw new Error(`consent answered ${response.status}`);
  return { location: new URL(location), jar };
}

export async function tokenRequest(
  h: Harness,
  fields: Record<string, string>,
  options: { basic?: { id: string; secret: string }; contentType?: string; rawBody?: string } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
  };
  if (options.basic) {
    headers.authorization = `Basic ${Buffer.from(`${options.basic.id}:${options.basic.secret}`).toString('base64')}`;
  }
  const response = await fetch(`${h.url}/notion/token`, {
    method: 'POST',
    headers,
    body: options.rawBody ?? new URLSearchParams(fields).toString(),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

export const clientFields = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };

/** A full connection: Allow, then the code exchanged at our token endpoint. */
export async function connect(
  h: Harness,
  user = 'alice',
): Promise<{ access_token: string; refresh_token?: string; expires_in?: number; code: string }> {
  const { location } = await allowConnection(h, { user });
  const code = location.searchParams.get('code')!;
  const answer = await tokenRequest(h, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT_URI,
    ...clientFields,
  });
  if (answer.status !== 200)
    throw new Error(`token endpoint answered ${answer.status} ${JSON.stringify(answer.body)}`);
  return { ...(answer.body as { access_token: string; refresh_token?: string; expires_in?: number }), code };
}

export async function unfurl(
  h: Harness,
  uri: unknown,
  token: string | undefined,
  method: 'POST' | 'DELETE' = 'POST',
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${h.url}/unfurl`, { method, headers, body: JSON.stringify({ uri }) });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}
