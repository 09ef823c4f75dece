import { UnfurlkitError, type UrlRuleDefinition } from '@unfurlkit/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Account } from '../store/store.js';
import type { ChangeTarget } from './change-target.js';
import type { ResolveResult } from './resolver-result.js';

export type { Account };

/** What a resolver gets: the link, the groups its rule captured, and the person asking. */
export interface ResolveContext {
  uri: string;
  groups: Readonly<Record<string, string>>;
  /** The signed-in person this preview is for: decide what they may see. */
  account: Account;
  rule: string;
  /** Aborted when the resolver's time limit passes; pass it to fetch and database calls. */
  signal: AbortSignal;
}

/** A URL rule (SPEC §1) and the function that turns a matching link into attributes. */
export interface RuleDefinition extends UrlRuleDefinition {
  resolve(context: ResolveContext): ResolveResult | Promise<ResolveResult>;
}

/**
 * The product's answer to "who is signed in?": the person, or where to send the browser to sign in. `returnTo`
 * is the local path to come back to afterwards.
 */
export type AuthenticateResult = { account: Account } | { signInUrl: string };

export interface IntegrationDefinition {
  /** The product's name, shown on the consent page ("Notion wants to show previews of your Acme links"). */
  name: string;
  /** The developer or company; added as the `dev` attribute when a resolver leaves it out. */
  developer?: string;
  rules: RuleDefinition[];
  authenticate(
    request: FastifyRequest,
    context: { returnTo: string },
  ): AuthenticateResult | Promise<AuthenticateResult>;
  /** The product's own routes served beside the protocol's (its sign-in page, for example). */
  routes?(app: FastifyInstance): void | Promise<void>;
  /**
   * The product's sign-out endpoint, a path on this server (e.g. `/logout`). When set, the consent page shows
   * "Not you? Sign out": a form POSTed there with one field, `next`, the local path that resumes this same
   * authorization. The endpoint signs the person out and redirects to `next` (through `safeReturnPath`), so the
   * right person signs in and continues. A POST, not a link: a sign-out by GET can be triggered by any site.
   */
  signOutUrl?: string;
}

/** What a running server lends the integration object so the product can report changes. */
export interface ChangeSink {
  changed(target: ChangeTarget): Promise<{ queued: number }>;
}

/**
 * Internal: `createServer` attaches its update service here (a symbol, so it stays out of the public API). A
 * registered symbol (`Symbol.for`): `unfurlkit serve --config integration.ts` loads the module through tsx, which
 * gives it its own copy of this package, and a plain `Symbol()` would differ between the two copies.
 */
export const ATTACH_CHANGE_SINK: unique symbol = Symbol.for('unfurlkit.attachChangeSink');

export interface Integration extends IntegrationDefinition {
  readonly kind: 'unfurlkit.integration';
  /**
   * Tells unfurlkit that the content behind a link changed: every preview of it is re-resolved for its own
   * person and pushed to Notion (`PATCH /v1/external/object`). Takes a uri, or a rule and its groups.
   * Works once `createServer` has started this integration.
   *
   * @example await integration.changed('https://acme.com/items/23487')
   * @example await integration.changed({ rule: 'item', groups: { itemNo: '23487' } })
   */
  changed(target: ChangeTarget): Promise<{ queued: number }>;
  /** Attaches a running server's sink; returns the detach, which clears it only if it is still attached. */
  readonly [ATTACH_CHANGE_SINK]: (sink: ChangeSink) => () => void;
}

/**
 * Declares an integration: its URL rules with resolvers and the product's sign-in hook. Rules are checked in full
 * when the server starts (`createServer`) and by `unfurlkit check`.
 *
 * @example
 * export default defineIntegration({
 *   name: 'Acme',
 *   developer: 'Acme Inc',
 *   rules: [{
 *     name: 'item',
 *     pattern: '^https:\\/\\/acme\\.com\\/items\\/(?<itemNo>\\d+)$',
 *     samples: ['https://acme.com/items/23487'],
 *     resolve: async ({ groups }) => [title(`Item ${groups.itemNo}`)],
 *   }],
 *   authenticate: (request, { returnTo }) =>
 *     request.user ? { account: request.user } : { signInUrl: `/login?next=${encodeURIComponent(returnTo)}` },
 * });
 */
export function defineIntegration(definition: IntegrationDefinition): Integration {
  const problems: string[] = [];
  if (!definition || typeof definition !== 'object') problems.push('defineIntegration takes an object');
  else {
    if (typeof definition.name !== 'string' || definition.name.trim() === '')
      problems.push('name is required');
    if (!Array.isArray(definition.rules) || definition.rules.length === 0)
      problems.push('rules needs at least one rule');
    else
      definition.rules.forEach((rule, index) => {
        if (typeof rule?.resolve !== 'function') problems.push(`rules[${index}] needs a resolve function`);
      });
    if (typeof definition.authenticate !== 'function') problems.push('authenticate must be a function');
    if (definition.routes !== undefined && typeof definition.routes !== 'function')
      problems.push('routes must be a function');
    if (
      definition.signOutUrl !== undefined &&
      (typeof definition.signOutUrl !== 'string' || !/^\/(?![/\\])\S*$/.test(definition.signOutUrl))
    )
      problems.push('signOutUrl must be a path on this server, starting with a single "/" (e.g. "/logout")');
  }
  if (problems.length > 0) {
    throw new UnfurlkitError('UNFURLKIT_INTEGRATION_INVALID', `defineIntegration: ${problems.join('; ')}`);
  }
  // One runtime slot shared by every copy of the object (`{ ...integration }` keeps working).
  const runtime: { sink: ChangeSink | undefined } = { sink: undefined };
  return Object.freeze({
    ...definition,
    kind: 'unfurlkit.integration' as const,
    async changed(target: ChangeTarget) {
      if (!runtime.sink) {
        throw new UnfurlkitError(
          'UNFURLKIT_UPDATES_UNAVAILABLE',
          'integration.changed() needs a running server: call it after createServer() has started this integration',
        );
      }
      return runtime.sink.changed(target);
    },
    [ATTACH_CHANGE_SINK]: (sink: ChangeSink) => {
      runtime.sink = sink;
      return () => {
        // Another server may have attached since (two servers of one integration, as in tests).
        if (runtime.sink === sink) runtime.sink = undefined;
      };
    },
  });
}

export function isIntegration(value: unknown): value is Integration {
  return (
    typeof value === 'object' && value !== null && (value as Integration).kind === 'unfurlkit.integration'
  );
}
