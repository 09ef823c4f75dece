/**
 * A browser without a browser, for HTML-form flows over HTTP: cookies per origin (what `Set-Cookie` sets comes
 * back on the next request to that origin), redirects returned rather than followed, and the hidden fields of
 * the page's form read out.
 */
export class FormBrowser {
  private readonly jar = new Map<string, Map<string, string>>();

  async get(url: string): Promise<BrowserResponse> {
    return this.request(url, { method: 'GET' });
  }

  async postForm(url: string, form: Record<string, string>): Promise<BrowserResponse> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** Follows up to `max` redirects from `url` with GETs; answers the last response. */
  async follow(response: BrowserResponse, max = 5): Promise<BrowserResponse> {
    let current = response;
    for (let hop = 0; hop < max && current.location; hop++) current = await this.get(current.location);
    return current;
  }

  private async request(url: string, init: RequestInit): Promise<BrowserResponse> {
    const target = new URL(url);
    const cookies = this.jar.get(target.origin);
    const headers = new Headers(init.headers);
    if (cookies?.size) {
      headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    }
    const response = await fetch(target, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair?.indexOf('=') ?? -1;
      if (!pair || at < 1) continue;
      const jar = this.jar.get(target.origin) ?? new Map<string, string>();
      jar.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
      this.jar.set(target.origin, jar);
    }
    const location = response.headers.get('location');
    return {
      status: response.status,
      headers: response.headers,
      body: await response.text(),
      location: location ? new URL(location, target).toString() : null,
      url: target.toString(),
    };
  }
}

export interface BrowserResponse {
  status: number;
  headers: Headers;
  body: string;
  /** The absolute redirect target, when the answer is a redirect. */
  location: string | null;
  url: string;
}

/** The value of `<input type=hidden name=NAME value="…">` in a page, HTML entities decoded. */
export function hiddenField(html: string, name: string): string {
  const input = new RegExp(`<input[^>]*name=["']?${name}["']?[^>]*>`, 'i').exec(html)?.[0];
  const value = input ? /value=["']([^"']*)["']/i.exec(input)?.[1] : undefined;
  if (value === undefined) throw new Error(`no hidden field ${name} in the page`);
  return value
    .replaceAll('&quot;', '"')
    .replaceAll('&#x27;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
