import { describe, expect, it } from 'vitest';
import type { AuthorizationRequestRecord } from '../../store/store.js';
import { csrfHash } from './browser-binding.js';
import {
  type ConsentForm,
  checkPendingRequest,
  checkSamePerson,
  codeAnswer,
  decideConsent,
  exchangeFailed,
  readConsentForm,
} from './consent-decision.js';

const NOW = Date.UTC(2026, 0, 1);
const REDIRECT_URI = 'https://www.notion.so/externalIntegrationAuthCallback?keep=1';
const BINDING = 'ufk_csrf_binding';
const form: ConsentForm = { request_id: 'ufk_consent_1', csrf: 'ufk_csrf_token', decision: 'allow' };
const pending: AuthorizationRequestRecord = {
  idHash: 'hash',
  clientId: 'notion-link-previews',
  redirectUri: REDIRECT_URI,
  scope: 'unfurl',
  state: 'st/ate',
  notionCode: { keyId: 'k1', sealed: 'sealed' },
  accountId: 'u1',
  accountName: 'Ada',
  csrfHash: csrfHash(form.csrf, BINDING),
  createdAt: NOW - 1_000,
  expiresAt: NOW + 600_000,
  usedAt: null,
};

const page = (status: number, title: string, message: string) => ({ kind: 'page', status, title, message });
const back = (query: string) => ({
  kind: 'back',
  url: `https://www.notion.so/externalIntegrationAuthCallback?keep=1&${query}`,
});

describe('readConsentForm', () => {
  it('reads a complete form', () => {
    expect(readConsentForm({ ...form, extra: 'ignored' })).toEqual({ form });
  });

  it.each([
    ['no body', undefined],
    ['no decision', { request_id: 'r', csrf: 'c' }],
    ['another decision', { ...form, decision: 'maybe' }],
    ['an empty csrf', { ...form, csrf: '' }],
    ['a repeated field', { ...form, csrf: ['a', 'b'] }],
    ['an overlong request id', { ...form, request_id: 'x'.repeat(201) }],
  ])('answers a 400 page for %s', (_name, body) => {
    expect(readConsentForm(body)).toEqual(page(400, 'Cannot connect', 'The consent form was incomplete.'));
  });
});

describe('checkPendingRequest', () => {
  const facts = { form, pending, binding: BINDING, now: NOW };
  const notValid = page(
    403,
    'Cannot connect',
    'This consent form is not valid here. Start again from Notion.',
  );

  it('goes on with a pending request proved by this browser, unanswered and in time', () => {
    expect(checkPendingRequest(facts)).toEqual({ pending });
  });

  it.each<[string, Partial<typeof facts>, unknown]>([
    ['an unknown request', { pending: undefined }, notValid],
    ['another browser (binding)', { binding: 'ufk_csrf_other' }, notValid],
    ['no binding cookie', { binding: '' }, notValid],
    ['another page (csrf token)', { form: { ...form, csrf: 'ufk_csrf_forged' } }, notValid],
    [
      'an answered request',
      { pending: { ...pending, usedAt: NOW - 1 } },
      page(409, 'Already answered', 'This request was already answered. Start again from Notion.'),
    ],
    [
      'an expired request (at its expiry instant)',
      { now: pending.expiresAt },
      back(
        'error=access_denied&error_description=The+consent+page+expired%3B+connect+again+from+Notion&state=st%2Fate',
      ),
    ],
  ])('refuses %s', (_name, change, expected) => {
    expect(checkPendingRequest({ ...facts, ...change })).toEqual(expected);
  });

  it('checks the browser before anything else: an answered request from another browser is 403, not 409', () => {
    expect(checkPendingRequest({ ...facts, binding: 'x', pending: { ...pending, usedAt: NOW } })).toEqual(
      notValid,
    );
  });
});

describe('checkSamePerson', () => {
  const notThem = page(403, 'Cannot connect', 'You are no longer signed in as the person this page was for.');

  it('goes on for the person the page was shown to', () => {
    expect(checkSamePerson({ account: { id: 'u1', name: 'Ada' } }, pending)).toBeUndefined();
  });

  it.each([
    ['someone else', { account: { id: 'u2', name: 'Bob' } }],
    ['nobody signed in', { signInUrl: '/login' }],
    ['an invalid answer from the product', { invalid: 'authenticate() must return …' }],
  ])('refuses %s', (_name, person) => {
    expect(checkSamePerson(person, pending)).toEqual(notThem);
  });
});

describe('decideConsent', () => {
  it('Allow on a request this answer claimed goes on to exchange Notion’s code', () => {
    expect(decideConsent(true, form, pending)).toEqual({ kind: 'exchange' });
  });

  it('Deny goes back to Notion with access_denied and the state', () => {
    expect(decideConsent(true, { ...form, decision: 'deny' }, pending)).toEqual(
      back('error=access_denied&error_description=The+person+denied+the+request&state=st%2Fate'),
    );
  });

  it('a request another answer claimed first is already answered, whatever the decision', () => {
    const answered = page(
      409,
      'Already answered',
      'This request was already answered. Start again from Notion.',
    );
    expect(decideConsent(false, form, pending)).toEqual(answered);
    expect(decideConsent(false, { ...form, decision: 'deny' }, pending)).toEqual(answered);
  });
});

describe('after the exchange', () => {
  it('a failed exchange goes back to Notion with its OAuth error, never its cause', () => {
    const answer = exchangeFailed(
      {
        ok: false,
        error: 'invalid_request',
        description: 'connect again',
        cause: 'invalid_grant (HTTP 400)',
      },
      pending,
    );
    expect(answer).toEqual(back('error=invalid_request&error_description=connect+again&state=st%2Fate'));
  });

  it('our code goes back to Notion with the state; no state when the request had none', () => {
    expect(codeAnswer(pending, 'ufk_code_1')).toEqual(back('code=ufk_code_1&state=st%2Fate'));
    expect(codeAnswer({ ...pending, state: null }, 'ufk_code_1')).toEqual(back('code=ufk_code_1'));
  });
});
