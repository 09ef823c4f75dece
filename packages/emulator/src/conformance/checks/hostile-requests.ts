import type { HttpRequest } from '../harness/integration-http.js';

/** A small seeded generator (mulberry32): the same run sends the same requests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface HostileTargets {
  unfurlUrl: string;
  tokenUrl: string;
  authorizeUrl: string;
  deletionUrl?: string;
  sampleUri: string;
  validToken: string;
  clientId: string;
  /**
   * A secret the answers must never echo, sent as a credential where it does not belong (a bearer token, a Basic
   * password, a client_secret); never as a value the protocol echoes (a uri).
   */
  bait: string;
}

const deep = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Bodies no unfurl should choke on. */
function hostileUnfurlBodies(t: HostileTargets): string[] {
  const long = 'x'.repeat(20_000);
  return [
    '{',
    '',
    'null',
    '[]',
    '"uri"',
    '{}',
    JSON.stringify({ uri: null }),
    JSON.stringify({ uri: 42 }),
    JSON.stringify({ uri: [t.sampleUri] }),
    JSON.stringify({ uri: '' }),
    JSON.stringify({ uri: 'javascript:alert(1)' }),
    JSON.stringify({ uri: `${t.sampleUri}${long}` }),
    JSON.stringify({ uri: `${t.sampleUri}/../../../etc/passwd` }),
    JSON.stringify({ uri: `${t.sampleUri}\u0000` }),
    JSON.stringify({ uri: `${t.sampleUri}?q=<script>alert(1)</script>` }),
    JSON.stringify({ uri: 'https://ｅｘａｍｐｌｅ.com/%E0%A4%A' }),
    JSON.stringify({ uri: t.sampleUri, __proto__: { polluted: true } }),
    `{"__proto__":{"admin":true},"uri":${JSON.stringify(t.sampleUri)}}`,
    deep(2_000),
    JSON.stringify({ uri: t.sampleUri, padding: 'p'.repeat(200_000) }),
    `{"uri":"\\ud800"}`,
  ];
}

/** Token endpoint forms no integration should answer with a 5xx. */
function hostileTokenForms(t: HostileTargets): Array<{ body: string; type: string; authorization?: string }> {
  const form = 'application/x-www-form-urlencoded';
  return [
    { body: 'grant_type=authorization_code&code=a&code=b', type: form },
    { body: `grant_type=${'g'.repeat(10_000)}`, type: form },
    {
      body: `grant_type=authorization_code&code=${'c'.repeat(50_000)}&client_id=${t.clientId}&client_secret=${t.bait}`,
      type: form,
    },
    { body: '%%%&&&===', type: form },
    { body: '{"grant_type":"authorization_code"}', type: 'application/json' },
    { body: '{', type: 'application/json' },
    { body: 'grant_type=refresh_token', type: 'text/plain' },
    { body: 'grant_type=authorization_code&code=x', type: form, authorization: 'Basic !!!not-base64' },
    {
      body: 'grant_type=authorization_code&code=x',
      type: form,
      authorization: `Basic ${Buffer.from('no-colon').toString('base64')}`,
    },
    {
      body: 'grant_type=authorization_code&code=x',
      type: form,
      authorization: `Basic ${Buffer.from(`${t.clientId}:${t.bait}`).toString('base64')}`,
    },
    { body: 'grant_type=refresh_token&refresh_token[]=x', type: form },
    { body: '', type: form },
  ];
}

/** The n-th of many hostile requests, chosen by the generator among four targets. */
export function hostileRequest(t: HostileTargets, random: () => number): HttpRequest {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const kind = Math.floor(random() * 5);
  if (kind <= 1) {
    const authorization = pick([
      `Bearer ${t.validToken}`,
      `Bearer ${t.bait}`,
      'Bearer',
      'Basic Zm9vOmJhcg==',
      `Bearer ${'z'.repeat(9_000)}`,
      '',
    ]);
    const type = pick([
      'application/json',
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
    ]);
    return {
      method: pick(['POST', 'POST', 'DELETE', 'PUT']),
      url: t.unfurlUrl,
      headers: { 'content-type': type, ...(authorization ? { authorization } : {}) },
      body: pick(hostileUnfurlBodies(t)),
    };
  }
  if (kind === 2) {
    const form = pick(hostileTokenForms(t));
    return {
      method: 'POST',
      url: t.tokenUrl,
      headers: {
        'content-type': form.type,
        ...(form.authorization ? { authorization: form.authorization } : {}),
      },
      body: form.body,
    };
  }
  if (kind === 3) {
    const url = new URL(t.authorizeUrl);
    const query = pick([
      `client_id=${t.clientId}&client_id=other&response_type=code&state=s`,
      `client_id=${t.clientId}&redirect_uri=javascript:alert(1)&response_type=code&state=${'s'.repeat(5_000)}`,
      'state=%ZZ&code=%00',
      'client_id=%00&response_type=code',
      '',
      `client_id[]=x&redirect_uri[x]=y`,
    ]);
    return { method: 'GET', url: `${url.origin}${url.pathname}${query ? `?${query}` : ''}` };
  }
  const url = t.deletionUrl ?? t.unfurlUrl;
  return {
    method: 'DELETE',
    url,
    headers: {
      'content-type': 'application/json',
      authorization: pick(['Bearer x', `Bearer ${t.bait}`, 'Bearer']),
    },
    body: pick(['{', '{}', 'null', deep(500)]),
  };
}
