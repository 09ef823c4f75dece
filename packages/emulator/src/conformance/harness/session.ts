import { PersonBrowser } from './browser.js';
import { PrerequisiteError } from './check.js';
import type { ConformanceOptions, ProductUser } from './conformance-options.js';
import {
  basicCredentials,
  callIntegration,
  describeAnswer,
  formBody,
  type HttpAnswer,
  type HttpRequest,
} from './integration-http.js';
import type { CallbackHit, InboundCall, NotionSide, StartedAuthorization } from './notion-side.js';
import { waitFor } from './wait-for.js';

/** The integration's tokens from one answer of its Token URL. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
}

/** A person connected through the whole flow: Notion's code exchanged by the integration, its code by us. */
export interface Connected {
  user: ProductUser;
  started: StartedAuthorization;
  code: string;
  tokens: TokenSet;
  answer: HttpAnswer;
  exchange?: InboundCall;
  connectionId?: string;
  externalKey?: string;
}

export type ClientAuth = 'post' | 'basic' | 'none';

/**
 * What the checks share: the options, Notion's side, the browser, every answer of the integration (for the
 * checks that look at all of them) and set-up steps done once (`once`), such as connecting the first person.
 */
export class ConformanceSession {
  readonly answers: HttpAnswer[] = [];
  /** Unfurl callback latencies in ms, for the INFO check. */
  readonly latencies: number[] = [];
  /** Access and refresh tokens the integration issued. */
  readonly issuedTokens = new Set<string>();
  /** A wrong client secret the token checks present: no answer may echo it either. */
  readonly wrongSecret: string;
  private readonly memos = new Map<string, Promise<unknown>>();
  private browserPromise?: Promise<PersonBrowser>;
  /** How many times each person pressed Allow: a new Allow may supersede their earlier grants. */
  private readonly allows = new Map<number, number>();
  /** Each person's connection to use, and the Allow count it was made at. */
  private readonly current = new Map<number, { allows: number; connected?: Connected; error?: unknown }>();

  constructor(
    readonly options: ConformanceOptions,
    readonly notion: NotionSide,
  ) {
    this.wrongSecret = `wrong-secret-${notion.context.random.token(12)}`;
  }

  get settings() {
    return this.options.settings;
  }

  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** The first sample URL of the first rule: what the first person unfurls. */
  get sampleUri(): string {
    return this.settings.unfurl.rules[0]?.samples[0] ?? '';
  }

  /** The `index`th `--user`; a check that needs a second one is skipped without it. */
  user(index: number): ProductUser {
    const user = this.options.users[index];
    if (!user) throw new PrerequisiteError(`needs a ${index === 1 ? 'second ' : ''}--user`, 'skip');
    return user;
  }

  /** Runs `step` once per key; later calls share its result (or its failure). */
  once<T>(key: string, step: () => Promise<T>): Promise<T> {
    let memo = this.memos.get(key) as Promise<T> | undefined;
    if (!memo) {
      memo = step();
      this.memos.set(key, memo);
    }
    return memo;
  }

  browser(): Promise<PersonBrowser> {
    this.browserPromise ??= PersonBrowser.launch(this.options.chromiumPath).catch((error: Error) => {
      throw new PrerequisiteError(
        `Chromium could not start (${this.options.chromiumPath}): ${error.message}`,
      );
    });
    return this.browserPromise;
  }

  http(request: HttpRequest): Promise<HttpAnswer> {
    return callIntegration(request, this.timeoutMs, { add: (answer) => this.answers.push(answer) });
  }

  /** A connect attempt in the browser as the person: the callback it ended at, and the consent page seen. */
  async authorizeInBrowser(
    userIndex: number,
    action: 'allow' | 'deny' | 'stop-at-consent',
    overrides: Record<string, string> = {},
  ) {
    const user = this.user(userIndex);
    if (action === 'allow') this.allows.set(userIndex, (this.allows.get(userIndex) ?? 0) + 1);
    const startedAt = Date.now();
    const started = await this.notion.startAuthorization(user.name, overrides);
    const browser = await this.browser();
    const callback = `${this.notion.redirectUri}`;
    const { consent } = await browser.authorize({
      user,
      authorizeUrl: started.authorizeUrl,
      action,
      timeoutMs: this.timeoutMs,
      atCallback: (url) => url.startsWith(callback),
      ...(this.options.authorizeHook ? { hook: this.options.authorizeHook } : {}),
    });
    // This flow's callback: the one with its state, or else the newest since it began (flows run one at a
    // time), so that a changed state is reported by the state check rather than breaking every flow.
    const hit =
      action === 'stop-at-consent'
        ? undefined
        : await waitFor(
            () =>
              this.notion.callbacks.find((c) => c.query.state === started.state) ??
              this.notion.callbacks.filter((c) => c.at >= startedAt).at(-1),
            this.timeoutMs,
          );
    return { user, started, consent, hit };
  }

  /** A fresh code of the integration for the person (Allow pressed), not yet exchanged. */
  async freshCode(
    userIndex: number,
  ): Promise<{ started: StartedAuthorization; code: string; hit: CallbackHit }> {
    const { started, hit } = await this.authorizeInBrowser(userIndex, 'allow');
    if (!hit)
      throw new PrerequisiteError(
        `the browser never came back to Notion's callback (${started.redirectUri})`,
      );
    const code = hit.query.code;
    if (!code) throw new PrerequisiteError(`the callback came back without a code: ?${hit.rawQuery}`);
    return { started, code, hit };
  }

  /** POST to the Token URL, authenticating the client as asked. */
  tokenRequest(fields: Record<string, string>, auth: ClientAuth, secret?: string): Promise<HttpAnswer> {
    const { clientId, clientSecret, tokenUrl } = this.settings.oauth;
    const headers: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
    };
    const body = { ...fields };
    if (auth === 'post') Object.assign(body, { client_id: clientId, client_secret: secret ?? clientSecret });
    if (auth === 'basic') headers.authorization = basicCredentials(clientId, secret ?? clientSecret);
    return this.http({ method: 'POST', url: tokenUrl, headers, body: formBody(body) });
  }

  /** Exchanges a code of the integration; the tokens when it worked. */
  async exchangeCode(code: string, auth: ClientAuth): Promise<{ answer: HttpAnswer; tokens?: TokenSet }> {
    const answer = await this.tokenRequest(
      { grant_type: 'authorization_code', code, redirect_uri: this.notion.redirectUri },
      auth,
    );
    const tokens = readTokens(answer);
    if (tokens) this.keepTokens(tokens);
    return tokens ? { answer, tokens } : { answer };
  }

  keepTokens(tokens: TokenSet): void {
    this.issuedTokens.add(tokens.accessToken);
    if (tokens.refreshToken) this.issuedTokens.add(tokens.refreshToken);
  }

  /** The whole connect flow for a person, the code exchanged with `auth`. */
  async connect(userIndex: number, auth: ClientAuth = 'post'): Promise<Connected> {
    const { started, code } = await this.freshCode(userIndex);
    const { answer, tokens } = await this.exchangeCode(code, auth);
    if (!tokens)
      throw new PrerequisiteError(`exchanging the integration's code failed: ${describeAnswer(answer)}`);
    const connection = await this.notion.connectionOf(started.notionCode);
    const exchange = this.notion.exchangeOf(started.notionCode);
    return {
      user: this.user(userIndex),
      started,
      code,
      tokens,
      answer,
      ...(exchange ? { exchange } : {}),
      ...(connection ? { connectionId: connection.id, externalKey: connection.externalKey } : {}),
    };
  }

  /**
   * The person's live connection: the one made at their latest Allow. Integrations may revoke a person's
   * earlier grants when they connect again (Notion keeps only the newest tokens), so after any later Allow
   * (a check's own flow) the person is connected anew. A failed attempt is not retried until the next Allow.
   */
  async live(userIndex: number): Promise<Connected> {
    const allows = this.allows.get(userIndex) ?? 0;
    const known = this.current.get(userIndex);
    if (known && known.allows === allows) {
      if (known.connected) return known.connected;
      throw known.error;
    }
    try {
      const connected = await this.connect(userIndex);
      this.current.set(userIndex, { allows: this.allows.get(userIndex) ?? 0, connected });
      return connected;
    } catch (error) {
      this.current.set(userIndex, { allows: this.allows.get(userIndex) ?? 0, error });
      throw error;
    }
  }

  /** The first person's live connection. */
  primary(): Promise<Connected> {
    return this.live(0);
  }

  /** The second person's (`--user` twice) live connection. */
  secondary(): Promise<Connected> {
    this.user(1);
    return this.live(1);
  }

  /** A call of the Unfurl Callback URL: POST (or DELETE) `{uri}` with the bearer token, if any. */
  async unfurl(
    token: string | undefined,
    uri: string,
    options: {
      method?: 'POST' | 'DELETE';
      body?: string;
      headers?: Record<string, string>;
      query?: string;
    } = {},
  ): Promise<HttpAnswer> {
    const url = this.settings.unfurl.callbackUrl + (options.query ? `?${options.query}` : '');
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    const answer = await this.http({
      method: options.method ?? 'POST',
      url,
      headers,
      body: options.body ?? JSON.stringify({ uri }),
    });
    if ((options.method ?? 'POST') === 'POST' && token && answer.status === 200)
      this.latencies.push(answer.durationMs);
    return answer;
  }

  /** Secrets the checker used that no answer may carry (and the integration's tokens outside its Token URL). */
  secrets(): Array<{ name: string; value: string }> {
    const list = [
      { name: 'the OAuth client secret', value: this.settings.oauth.clientSecret },
      { name: "Notion's client secret", value: this.settings.notionClientSecret },
      { name: 'the wrong client secret presented', value: this.wrongSecret },
      ...this.notion.issuedNotionTokens().map((value) => ({ name: 'a Notion token', value })),
      ...this.options.users
        .filter((u) => u.password.length >= 8 && u.password !== u.name)
        .map((u) => ({ name: `${u.name}'s password`, value: u.password })),
    ];
    return list.filter((secret) => secret.value.length >= 8);
  }

  /**
   * `text` with every secret and token of the run masked, and the values of token fields: what a check's
   * detail may show of an answer (reports are logs too).
   */
  redact(text: string): string {
    let masked = text.replace(
      // A quoted body may be cut short: the value runs to its closing quote or to the end.
      /("(?:access_token|refresh_token|client_secret)"\s*:\s*")[^"]*"?/g,
      '$1[redacted]"',
    );
    const values = [
      ...this.secrets().map((s) => s.value),
      ...this.issuedTokens,
      this.settings.oauth.clientSecret,
    ];
    for (const value of values.filter((v) => v.length >= 8)) masked = masked.split(value).join('[redacted]');
    return masked;
  }

  async close(): Promise<void> {
    if (this.browserPromise) await (await this.browserPromise.catch(() => undefined))?.close();
    await this.notion.close();
  }
}

/** The tokens of a 2xx Token URL answer, or undefined. */
export function readTokens(answer: HttpAnswer): TokenSet | undefined {
  if (answer.status < 200 || answer.status > 299) return undefined;
  const json = answer.json as
    | { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown }
    | undefined;
  if (typeof json?.access_token !== 'string' || json.access_token === '') return undefined;
  return {
    accessToken: json.access_token,
    ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
    ...(typeof json.expires_in === 'number' ? { expiresIn: json.expires_in } : {}),
  };
}
