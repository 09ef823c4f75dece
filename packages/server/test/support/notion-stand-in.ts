import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * A stand-in for Notion's `POST /v1/oauth/token` (SPEC §2 step 4) and `PATCH /v1/external/object` (SPEC §4) on
 * a real loopback port, for the server's own tests: it checks Basic auth and the JSON body like Notion, records
 * every call, and can be told to fail. The emulator (packages/emulator) plays the whole of Notion in the
 * end-to-end tests.
 */
export interface NotionCall {
  authorization: string | undefined;
  notionVersion: string | undefined;
  contentType: string | undefined;
  body: Record<string, unknown>;
}

/** How the stand-in answers one `PATCH /v1/external/object`: a Notion error, or an empty 2xx. */
export type PatchAnswer =
  | { status: number; code: string; headers?: Record<string, string> }
  | { status: 200 | 204; empty: true };

export interface NotionStandIn {
  url: string;
  clientId: string;
  clientSecret: string;
  calls: NotionCall[];
  /** Every `PATCH /v1/external/object`, in order. */
  patches: NotionCall[];
  /** The next PATCHes get these answers, one each, in order; then 200 again. */
  answerPatches(...answers: PatchAnswer[]): void;
  /** PATCHes answered so far or being answered: how many wait now, and the most that ever waited at once. */
  patchFlight: { now: number; most: number };
  /** From now on PATCHes are answered only at `answerHeldPatches()` (to see how many a client has in flight). */
  holdPatches(): void;
  /** Answers the held PATCHes, and answers the next ones at once again. */
  answerHeldPatches(): void;
  /** Issue a code Notion would put in the authorize URL. */
  issueCode(): string;
  /** The next exchanges answer with this status and Notion error code (or hang, for timeouts). */
  failNext(failure: { status: number; code: string } | 'hang'): void;
  /** The Notion access token issued for an external account key. */
  tokenFor(key: string): string | undefined;
  close(): Promise<void>;
}

export async function startNotionStandIn(): Promise<NotionStandIn> {
  const clientId = `notion-client-${randomUUID()}`;
  const clientSecret = `notion-secret-${randomUUID()}`;
  const codes = new Set<string>();
  const tokens = new Map<string, string>();
  const calls: NotionCall[] = [];
  const patches: NotionCall[] = [];
  const patchAnswers: PatchAnswer[] = [];
  const patchFlight = { now: 0, most: 0 };
  let heldPatches: Array<() => void> | undefined;
  let failure: { status: number; code: string } | 'hang' | undefined;
  const app: FastifyInstance = Fastify({ forceCloseConnections: true });
  const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;

  app.post('/v1/oauth/token', async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    calls.push({
      authorization: request.headers.authorization,
      notionVersion: request.headers['notion-version'] as string | undefined,
      contentType: request.headers['content-type'],
      body,
    });
    const error = (status: number, code: string, message: string) =>
      reply.code(status).send({ object: 'error', status, code, message, request_id: randomUUID() });
    if (failure === 'hang') return new Promise(() => {});
    if (failure) {
      const { status, code } = failure;
      failure = undefined;
      return error(status, code, 'injected failure');
    }
    if (request.headers.authorization !== expected)
      return error(401, 'invalid_client', 'bad client credentials');
    const account = body.external_account as { key?: string; name?: string } | undefined;
    if (body.grant_type !== 'authorization_code' || typeof body.code !== 'string' || !account?.key) {
      return error(400, 'invalid_request', 'bad body');
    }
    if (!codes.delete(body.code)) return error(400, 'invalid_grant', 'code unknown or used');
    const accessToken = tokens.get(account.key) ?? `secret_notion_${randomUUID()}`;
    tokens.set(account.key, accessToken);
    return {
      access_token: accessToken,
      token_type: 'bearer',
      bot_id: 'bot-1',
      workspace_id: 'workspace-1',
      workspace_name: 'Stand-in workspace',
      workspace_icon: null,
      owner: { type: 'workspace', workspace: true },
      duplicated_template_id: null,
      request_id: randomUUID(),
    };
  });
  app.patch('/v1/external/object', async (request, reply) => {
    patchFlight.now += 1;
    patchFlight.most = Math.max(patchFlight.most, patchFlight.now);
    try {
      if (heldPatches) await new Promise<void>((resolve) => heldPatches?.push(resolve));
      return answerPatch(request, reply);
    } finally {
      patchFlight.now -= 1;
    }
  });
  function answerPatch(request: FastifyRequest, reply: FastifyReply) {
    const body = (request.body ?? {}) as Record<string, unknown>;
    patches.push({
      authorization: request.headers.authorization,
      notionVersion: request.headers['notion-version'] as string | undefined,
      contentType: request.headers['content-type'],
      body,
    });
    const next = patchAnswers.shift();
    if (next && 'empty' in next) return reply.code(next.status).send();
    if (next) {
      const { status, code, headers = {} } = next;
      return reply
        .code(status)
        .headers(headers)
        .send({ object: 'error', status, code, message: 'injected failure', request_id: randomUUID() });
    }
    return { object: 'external_object', uri: body.uri };
  }
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    clientId,
    clientSecret,
    calls,
    patches,
    patchFlight,
    holdPatches() {
      heldPatches ??= [];
    },
    answerHeldPatches() {
      const held = heldPatches ?? [];
      heldPatches = undefined;
      for (const resolve of held) resolve();
    },
    answerPatches(...answers) {
      patchAnswers.push(...answers);
    },
    issueCode() {
      const code = randomUUID();
      codes.add(code);
      return code;
    },
    failNext(next) {
      failure = next;
    },
    tokenFor: (key) => tokens.get(key),
    close: () => app.close(),
  };
}
