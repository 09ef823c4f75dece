import type { Attribute } from '@unfurlkit/core';
import Fastify, { type FastifyInstance } from 'fastify';
import { openEmulatorContext } from '../../app/open-context.js';
import type { EmulatorContext } from '../../context/emulator-context.js';
import { notionApiPlugin } from '../../notion-api/notion-api-plugin.js';
import { callbackUrl } from '../../runtime/callback-url.js';
import { answerErrorsAsJson } from '../../runtime/error-answers.js';
import { decorateRequestFields } from '../../runtime/request-fields.js';
import type { EmulatorSettings } from '../../settings/settings-schema.js';
import type { Connection } from '../../store/connection-store.js';

/** A request the integration made to Notion's API, as it arrived (kept in memory, never printed). */
export interface InboundCall {
  at: number;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  status: number;
  responseBody: string;
}

/** What came back to Notion's OAuth callback (the browser's redirect from the integration). */
export interface CallbackHit {
  at: number;
  query: Record<string, string>;
  /** The raw query string, to compare `state` byte for byte. */
  rawQuery: string;
}

/** One connect attempt Notion started: the URL to send the browser to, its `code` and `state`. */
export interface StartedAuthorization {
  authorizeUrl: string;
  notionCode: string;
  state: string;
  redirectUri: string;
}

/**
 * Notion's side for the checker: the emulator's own `/v1` API (token exchange, external-object PATCH, over an
 * in-memory store) on `--port`, plus a callback that only records what the integration sends the browser back
 * with, so the checker, not the emulator, decides how to use the integration's code.
 */
export class NotionSide {
  readonly inbound: InboundCall[] = [];
  readonly callbacks: CallbackHit[] = [];

  private constructor(
    private readonly app: FastifyInstance,
    readonly context: EmulatorContext,
    readonly url: string,
  ) {}

  /**
   * Listens on `host:port`; `publicUrl` (default `http://<host>:<port>`) is where the integration and the
   * browser reach it, e.g. when the integration runs on another machine.
   */
  static async start(
    settings: EmulatorSettings,
    listen: { port: number; host?: string; publicUrl?: string },
  ): Promise<NotionSide> {
    const host = listen.host ?? '127.0.0.1';
    const port = listen.port;
    const url = (listen.publicUrl ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`).replace(
      /\/+$/,
      '',
    );
    const { context } = await openEmulatorContext({
      settings,
      storage: 'memory',
      logger: false,
      publicUrl: url,
    });
    const app = Fastify({ logger: false, bodyLimit: 1024 * 1024, forceCloseConnections: true });
    const side = new NotionSide(app, context, url);
    decorateRequestFields(app);
    answerErrorsAsJson(app);
    side.record(app);
    await app.register(async (api) => notionApiPlugin(api, context), { prefix: '/v1' });
    app.get('/externalIntegrationAuthCallback', async (request, reply) => {
      const rawQuery = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
      side.callbacks.push({ at: Date.now(), query: flatQuery(request.query), rawQuery });
      return reply.type('text/html').send('<!doctype html><title>Notion</title><p>Back at Notion.</p>');
    });
    try {
      await app.listen({ port, host });
    } catch (error) {
      await context.store.close();
      throw error;
    }
    return side;
  }

  private record(app: FastifyInstance): void {
    app.addHook('onSend', async (request, reply, payload) => {
      if (!request.url.startsWith('/v1/')) return payload;
      this.inbound.push({
        at: Date.now(),
        method: request.method,
        path: request.url.split('?')[0] ?? request.url,
        headers: { ...request.headers },
        body: request.body,
        status: reply.statusCode,
        responseBody: typeof payload === 'string' ? payload : String(payload ?? ''),
      });
      return payload;
    });
  }

  /** Notion's callback URL: the `redirect_uri` of every Authorize URL, which the integration must allow. */
  get redirectUri(): string {
    return callbackUrl(this.context);
  }

  /** A fresh connect attempt for `person`: a Notion code the emulator will accept once, and a state. */
  async startAuthorization(
    person: string,
    overrides: Record<string, string> = {},
  ): Promise<StartedAuthorization> {
    const integration = this.context.settings.list()[0];
    if (!integration) throw new Error('no integration settings');
    const state = overrides.state ?? this.context.random.token(24);
    const notionCode = this.context.random.uuid();
    const redirectUri = this.redirectUri;
    await this.context.store.authorizations.create({
      state,
      code: notionCode,
      person,
      sessionId: null,
      redirectUri,
      integrationId: integration.id,
      createdAt: this.context.clock(),
    });
    const url = new URL(integration.settings.oauth.authorizeUrl);
    const params: Record<string, string> = {
      code: notionCode,
      redirect_uri: redirectUri,
      client_id: integration.settings.oauth.clientId,
      ...(integration.settings.oauth.scopes ? { scope: integration.settings.oauth.scopes } : {}),
      response_type: 'code',
      state,
      ...overrides,
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    return { authorizeUrl: url.toString(), notionCode, state, redirectUri };
  }

  /** The integration's exchange of this Notion code (`POST /v1/oauth/token`), when it made one. */
  exchangeOf(notionCode: string): InboundCall | undefined {
    return this.inbound.find(
      (call) =>
        call.path === '/v1/oauth/token' &&
        typeof call.body === 'object' &&
        call.body !== null &&
        (call.body as { code?: unknown }).code === notionCode,
    );
  }

  /** The connection the exchange of this Notion code made or found (external account, person). */
  async connectionOf(notionCode: string): Promise<Connection | undefined> {
    const authorization = await this.context.store.authorizations.findByCode(notionCode);
    if (!authorization?.connectionId) return undefined;
    return this.context.store.connections.get(authorization.connectionId);
  }

  /** Remembers an unfurled uri for a connection, as Notion does, so that PATCHes of it are accepted. */
  async rememberUnfurl(connectionId: string, uri: string, attributes: Attribute[]): Promise<void> {
    await this.context.store.objects.save({
      connectionId,
      uri,
      status: 'ready',
      attributes,
      error: null,
      warnings: [],
      failure: null,
      updatedAt: this.context.clock(),
    });
  }

  /** Every Notion access token `/v1/oauth/token` gave the integration. */
  issuedNotionTokens(): string[] {
    return this.inbound.flatMap((call) => {
      if (call.path !== '/v1/oauth/token' || call.status !== 200) return [];
      const token = parseJsonSafely(call.responseBody) as { access_token?: unknown; refresh_token?: unknown };
      return [token?.access_token, token?.refresh_token].filter((t): t is string => typeof t === 'string');
    });
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.context.tasks.idle();
    await this.context.store.close();
  }
}

function flatQuery(query: unknown): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    flat[name] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return flat;
}

export function parseJsonSafely(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
