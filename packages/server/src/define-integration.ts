import { UnfurlkitError, type UrlRuleDefinition } from '@unfurlkit/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ResolveResult } from './resolver-result.js';
import type { Account } from './store/store.js';

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
}

export interface Integration extends IntegrationDefinition {
  readonly kind: 'unfurlkit.integration';
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
  }
  if (problems.length > 0) {
    throw new UnfurlkitError('UNFURLKIT_INTEGRATION_INVALID', `defineIntegration: ${problems.join('; ')}`);
  }
  return Object.freeze({ ...definition, kind: 'unfurlkit.integration' as const });
}

export function isIntegration(value: unknown): value is Integration {
  return (
    typeof value === 'object' && value !== null && (value as Integration).kind === 'unfurlkit.integration'
  );
}
