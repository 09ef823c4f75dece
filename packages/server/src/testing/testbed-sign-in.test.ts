import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { defineIntegration } from '../integration/define-integration.js';
import { SignInTickets, TESTBED_ACCOUNT_HEADER, withTestbedSignIn } from './testbed-sign-in.js';

const integration = defineIntegration({
  name: 'T',
  rules: [
    { name: 'r', pattern: '^https:\\/\\/t\\.test\\/\\d+$', samples: ['https://t.test/1'], resolve: () => [] },
  ],
  authenticate: () => ({ signInUrl: '/login' }),
});
const request = (header?: string) =>
  ({
    headers: header === undefined ? {} : { [TESTBED_ACCOUNT_HEADER]: header },
  }) as unknown as FastifyRequest;

describe('withTestbedSignIn', () => {
  it('signs in a live ticket only, and leaves every other request to the product', async () => {
    const tickets = new SignInTickets();
    const wrapped = withTestbedSignIn(integration, tickets);
    const ticket = tickets.issue({ id: 'alice', name: 'Alice' });
    expect(await wrapped.authenticate(request(ticket), { returnTo: '/' })).toEqual({
      account: { id: 'alice', name: 'Alice' },
    });
    expect(await wrapped.authenticate(request('alice'), { returnTo: '/' })).toEqual({ signInUrl: '/login' });
    expect(await wrapped.authenticate(request(), { returnTo: '/' })).toEqual({ signInUrl: '/login' });
    tickets.revoke(ticket);
    expect(await wrapped.authenticate(request(ticket), { returnTo: '/' })).toEqual({ signInUrl: '/login' });
  });

  it('keeps the integration itself: its kind, rules and changed()', () => {
    const wrapped = withTestbedSignIn(integration, new SignInTickets());
    expect(wrapped.kind).toBe('unfurlkit.integration');
    expect(wrapped.rules).toBe(integration.rules);
    expect(wrapped.changed).toBe(integration.changed);
    // The product's object is untouched: only the testbed's server sees the wrapper.
    expect(integration.authenticate).not.toBe(wrapped.authenticate);
  });
});
