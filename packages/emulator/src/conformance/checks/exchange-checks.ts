import { isKnownNotionVersion } from '@unfurlkit/core';
import { type Check, type CheckOutcome, checkOfArea, fail, pass } from '../harness/check.js';
import type { InboundCall } from '../harness/notion-side.js';
import type { ConformanceSession, Connected } from '../harness/session.js';

type ExchangeCheck = Check<ConformanceSession>;

const header = (call: InboundCall, name: string): string => {
  const value = call.headers[name];
  return Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
};

/** The first person's connect flow, and the exchange of Notion's code it made (or a failure saying none came). */
async function exchangeOfPrimary(
  session: ConformanceSession,
): Promise<{ connected: Connected; call: InboundCall }> {
  const connected = await session.primary();
  if (!connected.exchange)
    throw new Error(
      "the integration never called POST /v1/oauth/token with Notion's code during the connect flow",
    );
  return { connected, call: connected.exchange };
}

function externalAccountKey(call: InboundCall | undefined): string | undefined {
  const account = (call?.body as { external_account?: { key?: unknown } } | undefined)?.external_account;
  return typeof account?.key === 'string' ? account.key : undefined;
}

async function basicAuthExchange(session: ConformanceSession): Promise<CheckOutcome> {
  const { call } = await exchangeOfPrimary(session);
  const authorization = header(call, 'authorization');
  if (!/^basic /i.test(authorization)) return fail('the exchange carried no HTTP Basic Authorization header');
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const { notionClientId, notionClientSecret } = session.settings;
  if (decoded !== `${notionClientId}:${notionClientSecret}`)
    return fail("HTTP Basic did not carry Notion's client id and secret of the settings");
  if (call.status !== 200)
    return fail(`Notion refused the exchange with HTTP ${call.status}: ${call.responseBody.slice(0, 200)}`);
  return pass("Notion's code was exchanged with Basic auth and accepted");
}

async function jsonExchange(session: ConformanceSession): Promise<CheckOutcome> {
  const { call } = await exchangeOfPrimary(session);
  const type = header(call, 'content-type');
  if (!/^application\/json\b/i.test(type)) return fail(`Content-Type was ${JSON.stringify(type)}`);
  const body = call.body as { grant_type?: unknown } | undefined;
  if (body?.grant_type !== 'authorization_code')
    return fail('the JSON body has no grant_type "authorization_code"');
  return pass('JSON body with grant_type authorization_code');
}

async function notionVersionOnExchange(session: ConformanceSession): Promise<CheckOutcome> {
  const { call } = await exchangeOfPrimary(session);
  const version = header(call, 'notion-version');
  if (!version)
    return fail('no Notion-Version header (Notion tolerates it today; its reference requires it)');
  if (!isKnownNotionVersion(version)) return fail(`Notion-Version ${version} is not a published version`);
  return pass(`Notion-Version: ${version}`);
}

async function externalAccountSent(session: ConformanceSession): Promise<CheckOutcome> {
  const { call } = await exchangeOfPrimary(session);
  const account = (call.body as { external_account?: { key?: unknown; name?: unknown } }).external_account;
  if (!account) return fail('no external_account: Notion cannot tell a reconnection from a new account');
  if (typeof account.key !== 'string' || account.key === '')
    return fail('external_account.key is not a non-empty string');
  if (typeof account.name !== 'string' || account.name === '')
    return fail('external_account.name is not a non-empty string');
  return pass(`external_account {key, name: ${JSON.stringify(account.name)}}`);
}

async function stableKey(session: ConformanceSession): Promise<CheckOutcome> {
  const first = externalAccountKey((await exchangeOfPrimary(session)).call);
  const again = await session.once('reconnect', () => session.connect(0));
  const second = externalAccountKey(again.exchange);
  if (first === undefined || second === undefined) return fail('an exchange had no external_account.key');
  if (first !== second) return fail('reconnecting the same person sent another external_account.key');
  return pass('the same person reconnecting sends the same key');
}

async function distinctKeys(session: ConformanceSession): Promise<CheckOutcome> {
  const first = externalAccountKey((await exchangeOfPrimary(session)).call);
  const other = externalAccountKey((await session.secondary()).exchange);
  if (first === undefined || other === undefined) return fail('an exchange had no external_account.key');
  if (first === other) return fail('two different people were sent with the same external_account.key');
  return pass('two people, two keys');
}

const exchangeCheck = checkOfArea<ConformanceSession>('authorize');

export const EXCHANGE_CHECKS: ExchangeCheck[] = [
  exchangeCheck(
    'LP-AUTH-010',
    'MUST',
    "Notion's code is exchanged with HTTP Basic auth (Notion's client id and secret)",
    'Without the exchange the integration holds no Notion token and cannot push updates.',
    'protocol § Connecting an account, step 4; RFC 6749 §2.3.1',
    basicAuthExchange,
  ),
  exchangeCheck(
    'LP-AUTH-011',
    'MUST',
    'The exchange is JSON with grant_type authorization_code',
    "Notion's API reads JSON bodies only.",
    'protocol § Connecting an account, step 4',
    jsonExchange,
  ),
  exchangeCheck(
    'LP-AUTH-012',
    'SHOULD',
    'The exchange sends a published Notion-Version',
    "Notion's reference requires the header; tolerance of its absence may end.",
    'protocol § What Notion tolerates',
    notionVersionOnExchange,
  ),
  exchangeCheck(
    'LP-AUTH-013',
    'MUST',
    'The exchange sends external_account with a key and a name',
    'The key is how Notion recognises a reconnection; the name is what the person sees.',
    'protocol § Connecting an account, step 4',
    externalAccountSent,
  ),
  exchangeCheck(
    'LP-AUTH-014',
    'MUST',
    'external_account.key is stable across reconnects',
    'Connecting twice must yield one connection, not two.',
    'protocol § Connecting an account, step 4',
    stableKey,
  ),
  exchangeCheck(
    'LP-AUTH-015',
    'MUST',
    'Two people get two different external_account keys',
    "One key for two people would merge their connections and show one the other's data.",
    'protocol § Connecting an account, step 4',
    distinctKeys,
  ),
];
