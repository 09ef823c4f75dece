import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Integration } from '../integration/define-integration.js';
import type { Account } from '../store/store.js';

/**
 * The header the testbed signs its own consent requests in with. Only a server started by `startTestbed` reads
 * it: the testbed wraps the integration's `authenticate`, and a server made with `createServer` never does, so
 * the header means nothing to a deployed integration.
 */
export const TESTBED_ACCOUNT_HEADER = 'x-unfurlkit-testbed-account';

/** One-use tickets: a random value per `connect()`, standing for the account that consent signs in. */
export class SignInTickets {
  readonly #accounts = new Map<string, Account>();

  /** A fresh ticket for `account`, valid until `revoke`. */
  issue(account: Account): string {
    const ticket = randomBytes(24).toString('base64url');
    this.#accounts.set(ticket, account);
    return ticket;
  }

  revoke(ticket: string): void {
    this.#accounts.delete(ticket);
  }

  /** The account a request's header names, or undefined (no header, or not a live ticket of this testbed). */
  accountFor(header: string | string[] | undefined): Account | undefined {
    return typeof header === 'string' ? this.#accounts.get(header) : undefined;
  }
}

/**
 * The integration as the testbed serves it: the same object (rules, routes, `changed`, sign-out) except that a
 * request carrying a live ticket is signed in as that ticket's account; every other request goes to the
 * product's own `authenticate`, so its sign-in still works and is still tested.
 */
export function withTestbedSignIn(integration: Integration, tickets: SignInTickets): Integration {
  // Spreading keeps `kind` and the change-sink symbol, so `integration.changed()` reaches this server too.
  return {
    ...integration,
    authenticate(request: FastifyRequest, context: { returnTo: string }) {
      const account = tickets.accountFor(request.headers[TESTBED_ACCOUNT_HEADER]);
      return account ? { account } : integration.authenticate(request, context);
    },
  };
}
