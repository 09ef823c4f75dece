import type { FastifyRequest } from 'fastify';
import type { ServerContext } from '../../context/server-context.js';
import type { Account } from '../../store/store.js';

export type PersonResult = { account: Account } | { signInUrl: string } | { invalid: string };

/**
 * Asks the product who is signed in, and checks its answer: an account needs a non-empty string id and name
 * (they become Notion's `external_account` key and label).
 */
export async function authenticatePerson(
  request: FastifyRequest,
  context: ServerContext,
  returnTo: string,
): Promise<PersonResult> {
  const result = await context.integration.authenticate(request, { returnTo });
  if (result && 'signInUrl' in result && typeof result.signInUrl === 'string')
    return { signInUrl: result.signInUrl };
  if (result && 'account' in result) {
    const { id, name } = result.account ?? {};
    if (typeof id === 'string' && id !== '' && typeof name === 'string' && name !== '') {
      return { account: { id, name } };
    }
  }
  return { invalid: 'authenticate() must return { account: { id, name } } or { signInUrl }' };
}
