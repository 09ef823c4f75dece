import type { EmulatorContext } from '../context/emulator-context.js';
import type { Integration } from '../settings/settings-service.js';
import type { Authorization } from '../store/authorization-store.js';
import type { Connection } from '../store/connection-store.js';

/**
 * A connect flow that ends in an error (Deny, a refused Token URL, no code) leaves nothing behind: the
 * connection an early exchange created (Gumroad exchanges Notion's code when it shows its consent page) is
 * removed while it is still pending. A reconnection of an existing account keeps that connection.
 */
export async function discardHalfConnection(context: EmulatorContext, state: string): Promise<void> {
  const authorization = await context.store.authorizations.findByState(state);
  if (!authorization?.connectionId) return;
  if (await context.store.connections.removePending(authorization.connectionId)) {
    context.events.emit({ person: authorization.person, reason: 'disconnected' });
  }
}

/** Why a connection holds no Notion token: the exchange Notion refused, or none at all. */
export function missingExchangeProblem(authorization: Authorization): string {
  return authorization.exchangeProblem
    ? `The integration's exchange of Notion's code failed: ${authorization.exchangeProblem}`
    : "The integration never called POST /v1/oauth/token with Notion's code.";
}

export type SettledConnection = { ok: true; connection: Connection } | { ok: false; detail: string };

/**
 * The connection a successful connect flow ends with: the one the integration's exchange created (now
 * shown), or, when it never exchanged (or its exchange was refused), one without a Notion token, with a
 * warning that says which call failed and why. `--strict` refuses the latter instead.
 */
export async function settleConnection(
  context: EmulatorContext,
  state: string,
  integration: Integration,
  now: number,
): Promise<SettledConnection> {
  const authorization = await context.store.authorizations.findByState(state);
  if (!authorization) return { ok: false, detail: 'This connect attempt is gone.' };
  const exchanged = authorization.connectionId
    ? await context.store.connections.get(authorization.connectionId)
    : undefined;
  if (exchanged) {
    await context.store.connections.confirm(exchanged.id);
    return { ok: true, connection: exchanged };
  }
  const problem = missingExchangeProblem(authorization);
  if (context.strict) return { ok: false, detail: problem };
  // Tolerated: it holds no Notion token and cannot PATCH; the warning says why.
  const connection = await context.store.connections.createUnexchanged({
    id: context.random.uuid(),
    botId: context.random.uuid(),
    integrationId: integration.id,
    person: authorization.person,
    externalKey: `unexchanged:${authorization.code}`,
    externalName: integration.settings.name,
    warning: `${problem} So it has no Notion token and cannot push updates (PATCH /v1/external/object).`,
    now,
  });
  return { ok: true, connection };
}
