import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jsonRequest } from '../support/harness.js';
import { FormBrowser } from './support/form-browser.js';
import {
  aliceTokens,
  authorizeUrl,
  connect,
  control,
  DOC_1,
  DOC_2,
  decide,
  integrationCode,
  type RefdocsSetup,
  signIn,
  startRefdocs,
  tokenRequest,
  unfurl,
} from './support/refdocs-flows.js';
import { REFERENCE_SCRIPT } from './support/reference-integration.js';

/**
 * Every `--break` rule of the Python reference integration breaks what its header says: a probe observes one
 * property, and the broken run observes something else than an intact run does. A checker proven against
 * these fixtures is proven against real breakage, not against a fixture that happens to pass. The intact
 * observations share one instance, so each probe leaves it usable for the next (fresh codes and tokens each).
 */
interface Probe {
  rule: string;
  /** What an intact RefDocs shows, then what the broken one shows. */
  intact: unknown;
  broken: unknown;
  observe(setup: RefdocsSetup): Promise<unknown>;
}

type Attribute = { id: string; inline?: Record<string, { section?: string }> };
const attributesOf = (body: unknown): Attribute[] =>
  (body as { operations?: Array<{ set?: unknown }> }).operations?.flatMap((o) =>
    Array.isArray(o.set) ? (o.set as Attribute[]) : [],
  ) ?? [];

async function authorizeWith(s: RefdocsSetup, params: Record<string, string>) {
  const url = new URL(await authorizeUrl(s.emulator, 'ada'));
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const answer = await new FormBrowser().get(url.toString());
  return { status: answer.status, redirectedTo: answer.location?.split('?')[0] ?? null };
}

async function consentAnswer(s: RefdocsSetup, decision: 'allow' | 'deny', csrf?: string) {
  const browser = new FormBrowser();
  const url = await authorizeUrl(s.emulator, 'ada');
  const consent = await signIn(browser, url, 'alice');
  const back = await decide(browser, consent, decision, csrf);
  const location = back.location ? new URL(back.location) : null;
  return { url: new URL(url), consent, status: back.status, location };
}

const exchanges = (s: RefdocsSetup) =>
  s.emulator
    .traffic()
    .filter((e) => e.kind === 'oauth-token' && e.direction === 'inbound')
    .map((e) => e.requestBody as { external_account?: { key: string } });

const wrongClient = { clientId: 'refdocs-client', clientSecret: 'wrong-secret-4711' };

const PROBES: Probe[] = [
  {
    rule: 'replayable-code',
    intact: 400,
    broken: 200,
    async observe(s) {
      const { code, redirectUri } = await integrationCode(s);
      const form = { grant_type: 'authorization_code', code, redirect_uri: redirectUri };
      await tokenRequest(s, form);
      return (await tokenRequest(s, form)).status;
    },
  },
  {
    rule: 'code-no-expiry',
    intact: 400,
    broken: 200,
    async observe(s) {
      const { code, redirectUri } = await integrationCode(s);
      await control(s, 'advance?seconds=601');
      return (await tokenRequest(s, { grant_type: 'authorization_code', code, redirect_uri: redirectUri }))
        .status;
    },
  },
  {
    rule: 'open-redirect',
    intact: { status: 400, redirectedTo: null },
    broken: { status: 303, redirectedTo: 'https://attacker.test/cb' },
    observe: (s) => authorizeWith(s, { redirect_uri: 'https://attacker.test/cb', response_type: 'token' }),
  },
  {
    rule: 'suffixed-redirect',
    intact: 400,
    broken: 303,
    async observe(s) {
      const suffixed = `${s.emulator.url}/externalIntegrationAuthCallback.attacker.test`;
      return (await authorizeWith(s, { redirect_uri: suffixed, response_type: 'token' })).status;
    },
  },
  {
    rule: 'wrong-client-redirect',
    intact: 400,
    broken: 303,
    async observe(s) {
      return (await authorizeWith(s, { client_id: 'someone-else' })).status;
    },
  },
  {
    rule: 'no-csrf',
    intact: 403,
    broken: 303,
    async observe(s) {
      return (await consentAnswer(s, 'allow', 'forged-token')).status;
    },
  },
  {
    rule: 'no-frame-headers',
    intact: { xfo: 'DENY', frameAncestors: true },
    broken: { xfo: null, frameAncestors: false },
    async observe(s) {
      const { consent } = await consentAnswer(s, 'deny');
      const csp = consent.headers.get('content-security-policy') ?? '';
      return { xfo: consent.headers.get('x-frame-options'), frameAncestors: csp.includes('frame-ancestors') };
    },
  },
  {
    rule: 'deny-wrong-error',
    intact: 'access_denied',
    broken: 'server_error',
    async observe(s) {
      return (await consentAnswer(s, 'deny')).location?.searchParams.get('error');
    },
  },
  {
    rule: 'state-changed',
    intact: true,
    broken: false,
    async observe(s) {
      const { url, location } = await consentAnswer(s, 'deny');
      return location?.searchParams.get('state') === url.searchParams.get('state');
    },
  },
  {
    rule: 'no-external-account',
    intact: true,
    broken: false,
    async observe(s) {
      await integrationCode(s);
      return exchanges(s)[0]?.external_account !== undefined;
    },
  },
  {
    rule: 'unstable-account-key',
    intact: true,
    broken: false,
    async observe(s) {
      await integrationCode(s);
      await integrationCode(s);
      const [first, second] = exchanges(s);
      return first?.external_account?.key === second?.external_account?.key;
    },
  },
  {
    rule: 'basic-auth-broken',
    intact: 'invalid_grant',
    broken: 'invalid_client',
    async observe(s) {
      const answer = await tokenRequest(s, { grant_type: 'refresh_token', refresh_token: 'x' }, 'basic');
      return (answer.body as { error: string }).error;
    },
  },
  {
    rule: 'invalid-client-400',
    intact: { status: 401, challenge: true },
    broken: { status: 400, challenge: false },
    async observe(s) {
      const answer = await tokenRequest(
        s,
        { grant_type: 'refresh_token', refresh_token: 'x' },
        'basic',
        wrongClient,
      );
      return { status: answer.status, challenge: answer.headers.has('www-authenticate') };
    },
  },
  {
    rule: 'echo-secret',
    intact: false,
    broken: true,
    async observe(s) {
      const answer = await tokenRequest(
        s,
        { grant_type: 'refresh_token', refresh_token: 'x' },
        'post',
        wrongClient,
      );
      return answer.text.includes(wrongClient.clientSecret);
    },
  },
  {
    rule: 'no-store-missing',
    intact: { cacheControl: 'no-store', pragma: 'no-cache' },
    broken: { cacheControl: null, pragma: null },
    async observe(s) {
      const answer = await tokenRequest(s, { grant_type: 'password' });
      return { cacheControl: answer.headers.get('cache-control'), pragma: answer.headers.get('pragma') };
    },
  },
  {
    rule: 'refresh-not-rotated',
    intact: 400,
    broken: 200,
    async observe(s) {
      const { refresh_token } = await aliceTokens(s);
      await tokenRequest(s, { grant_type: 'refresh_token', refresh_token });
      return (await tokenRequest(s, { grant_type: 'refresh_token', refresh_token })).status;
    },
  },
  {
    rule: 'no-bearer-challenge',
    intact: true,
    broken: false,
    async observe(s) {
      const answer = await jsonRequest(`${s.reference.url}/unfurl`, { method: 'POST', body: { uri: DOC_1 } });
      expect(answer.status).toBe(401);
      return answer.headers.has('www-authenticate');
    },
  },
  {
    rule: 'token-in-query',
    intact: 401,
    broken: 200,
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      const answer = await jsonRequest(`${s.reference.url}/unfurl?access_token=${access_token}`, {
        method: 'POST',
        body: { uri: DOC_1 },
      });
      return answer.status;
    },
  },
  {
    rule: 'bad-json-500',
    intact: 400,
    broken: 500,
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      const answer = await jsonRequest(`${s.reference.url}/unfurl`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: '{"uri": ',
      });
      return answer.status;
    },
  },
  {
    rule: 'stack-trace',
    intact: false,
    broken: true,
    async observe(s) {
      const answer = await tokenRequest(s, {});
      expect(answer.status).toBe(400);
      return answer.text.includes('Traceback (most recent call last)');
    },
  },
  {
    rule: 'no-title',
    intact: true,
    broken: false,
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      return attributesOf((await unfurl(s, access_token)).body).some((a) => a.id === 'title');
    },
  },
  {
    rule: 'no-dev',
    intact: true,
    broken: false,
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      return attributesOf((await unfurl(s, access_token)).body).some((a) => a.id === 'dev');
    },
  },
  {
    rule: 'bad-section',
    intact: 'identifier',
    broken: 'background',
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      const identifier = attributesOf((await unfurl(s, access_token)).body).find(
        (a) => a.id === 'identifier',
      );
      return identifier?.inline?.plain_text?.section;
    },
  },
  {
    rule: 'duplicate-ids',
    intact: true,
    broken: false,
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      const ids = attributesOf((await unfurl(s, access_token)).body).map((a) => a.id);
      return new Set(ids).size === ids.length;
    },
  },
  {
    rule: 'no-uri-echo',
    intact: DOC_1,
    broken: `${DOC_1}?echo`,
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      return ((await unfurl(s, access_token)).body as { uri: string }).uri;
    },
  },
  {
    rule: 'cross-person-data',
    intact: 0,
    broken: 8,
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      return attributesOf((await unfurl(s, access_token, DOC_2)).body).length;
    },
  },
  {
    rule: 'unfurl-delete-ignored',
    intact: [],
    broken: ['alice'],
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      await unfurl(s, access_token);
      expect((await unfurl(s, access_token, DOC_1, 'DELETE')).status).toBe(200);
      const state = (await control(s, 'state', 'GET')).body as { tracked: Record<string, string[]> };
      return state.tracked[DOC_1] ?? [];
    },
  },
  {
    rule: 'delete-ignored',
    intact: 401,
    broken: 200,
    async observe(s) {
      const { access_token } = await aliceTokens(s);
      const deleted = await jsonRequest(`${s.reference.url}/notion/deleted-token`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${access_token}` },
        body: {},
      });
      expect(deleted.status).toBe(200);
      return (await unfurl(s, access_token)).status;
    },
  },
  {
    rule: 'patch-without-version',
    intact: '2022-06-28',
    broken: undefined,
    async observe(s) {
      await connect(s, 'ada', 'alice', DOC_1);
      await jsonRequest(`${s.emulator.url}/api/refresh`, { method: 'POST', body: { person: 'ada' } });
      await control(s, 'change?doc=1');
      const patch = s.emulator.traffic().find((e) => e.kind === 'external-object');
      return patch?.requestHeaders['notion-version'];
    },
  },
];

describe('the --break rules of the Python reference integration', () => {
  it('has a probe for every rule its header lists, and only those', async () => {
    const script = await readFile(REFERENCE_SCRIPT, 'utf8');
    const opening = script.indexOf('"""');
    const header = script.slice(opening, script.indexOf('"""', opening + 3));
    const listed = [...header.matchAll(/^ {4}([a-z0-9-]+) {2,}\S/gm)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThanOrEqual(12);
    expect(PROBES.map((p) => p.rule).sort()).toEqual([...listed].sort());
  });

  it('refuses an unknown rule with a message that lists the known ones', async () => {
    await expect(startRefdocs(['no-such-rule'])).rejects.toThrow(/unknown --break rule.*replayable-code/s);
  });

  it('an intact RefDocs shows the intact observation of every probe (one instance, probes in turn)', async () => {
    const intact = await startRefdocs();
    try {
      for (const probe of PROBES) {
        expect({ rule: probe.rule, observed: await probe.observe(intact) }).toEqual({
          rule: probe.rule,
          observed: probe.intact,
        });
      }
    } finally {
      await intact.close();
    }
  });

  it.concurrent.each(PROBES)('--break $rule breaks what it says', async (probe) => {
    expect(probe.broken).not.toEqual(probe.intact);
    const broken = await startRefdocs([probe.rule]);
    try {
      expect(await probe.observe(broken)).toEqual(probe.broken);
    } finally {
      await broken.close();
    }
  });
});
