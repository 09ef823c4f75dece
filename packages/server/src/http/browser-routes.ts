import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';

/**
 * Registers the routes a person's browser reaches (the OAuth Authorize URL with its consent page, and the
 * product's own pages) in one scope that parses cookies. Notion's server-to-server calls (token, unfurl,
 * deletion) and the operator's endpoints carry no cookie worth reading: outside this scope they run no cookie
 * hook, on the way in or out, which on the unfurl callback was a hook on every answer.
 */
export async function browserRoutes(
  app: FastifyInstance,
  register: (browser: FastifyInstance) => Promise<void>,
): Promise<void> {
  await app.register(async (browser) => {
    await browser.register(cookie);
    await register(browser);
  });
}
