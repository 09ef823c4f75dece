import { safeEqual } from '@unfurlkit/core/http';
import type { FastifyRequest } from 'fastify';
import {
  color,
  date,
  defineIntegration,
  enumValue,
  forbidden,
  type Integration,
  notFound,
  plainText,
  safeReturnPath,
  title,
} from 'unfurlkit';
import { DEMO_USERS, type Item, STATUS_COLORS } from './catalog.js';
import { applyItemEdit, itemPatchSchema, registerItemApi } from './item-api.js';
import { ItemRepository } from './item-repository.js';
import { editPage, homePage, signInPage } from './pages.js';
import { Sessions } from './sessions.js';

/** The seed's rule and placeholders (SPEC §1): shown by Notion while it waits for our answer. */
export const ITEM_RULE = {
  name: 'item',
  pattern: '^(?<site>https:\\/\\/acme\\.com)\\/items\\/(?<itemNo>\\d+)$',
  samples: ['https://acme.com/items/23487'],
  placeholder: [
    {
      id: 'title',
      name: 'Title',
      type: 'inline',
      inline: { title: { value: 'Acme Item #$<itemNo>', section: 'title' } },
    },
    {
      id: 'itemId',
      name: 'Item Id',
      type: 'inline',
      inline: { plain_text: { value: '$<itemNo>', section: 'identifier' } },
    },
    {
      id: 'dev',
      name: 'Developer Name',
      type: 'inline',
      inline: { plain_text: { value: 'Acme Inc', section: 'secondary' } },
    },
  ],
};

/** The attributes of one item, as one person sees it. */
export function itemAttributes(item: Item) {
  return [
    title(item.title),
    enumValue({ id: 'status', name: 'Status', value: item.status, color: STATUS_COLORS[item.status] }),
    plainText({ id: 'itemId', name: 'Item Id', value: `ACME-${item.id}`, section: 'identifier' }),
    date({ id: 'updated', name: 'Updated', value: item.updatedOn, section: 'secondary' }),
    plainText({ id: 'description', name: 'Description', value: item.description, section: 'body' }),
    color({ id: 'color', name: 'Color', value: item.color, section: 'background' }),
  ];
}

/** The canonical URL of an item: what `changed()` is told when it is edited. */
export function itemUri(id: string): string {
  return `https://acme.com/items/${id}`;
}

const ITEM_ID = /^\d{1,12}$/;

/**
 * A form post from this site (or from a client that sends no Origin, like curl): browsers send `Origin` with
 * every POST, so another site's form is recognised and refused.
 */
function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === `${request.protocol}://${request.host}`;
}

export interface AcmeOptions {
  /** Where items persist (JSON); in memory when omitted. */
  itemsFile?: string;
  /** Mark the session cookie Secure (when served over https). */
  secureCookies?: boolean;
}

/**
 * Acme's whole integration: one rule, its resolver with per-person permissions, and Acme's own sign-in (the
 * `authenticate` hook and the /login page it points to).
 */
export function createAcmeIntegration(options: AcmeOptions = {}): Integration & { items: ItemRepository } {
  const items = new ItemRepository(options.itemsFile);
  const sessions = new Sessions(
    options.secureCookies ?? (process.env.PUBLIC_URL ?? '').startsWith('https://'),
  );
  const integration = defineIntegration({
    name: 'Acme',
    developer: 'Acme Inc',
    rules: [
      {
        ...ITEM_RULE,
        resolve({ groups, account }) {
          const item = items.get(groups.itemNo ?? '');
          if (!item) return notFound(`Acme item #${groups.itemNo} does not exist`);
          if (item.private && item.owner !== account.id) return forbidden('This Acme item is private');
          return itemAttributes(item);
        },
      },
    ],
    authenticate(request, { returnTo }) {
      const user = sessions.current(request);
      return user
        ? { account: { id: user.id, name: user.name } }
        : { signInUrl: `/login?next=${encodeURIComponent(returnTo)}` };
    },
    routes(app) {
      app.get('/', async (request, reply) =>
        reply.type('text/html').send(homePage(sessions.current(request)?.name)),
      );
      app.get('/login', async (request, reply) => {
        const next = safeReturnPath((request.query as Record<string, unknown>).next);
        return reply.type('text/html').send(signInPage(next));
      });
      app.post('/login', async (request, reply) => {
        // Login CSRF: another site must not sign the visitor in to an account of its choosing.
        if (!sameOrigin(request)) return reply.code(403).send({ error: 'cross-site form' });
        const form = (request.body ?? {}) as Record<string, unknown>;
        const next = safeReturnPath(form.next);
        const password = typeof form.password === 'string' ? form.password : undefined;
        const user = DEMO_USERS.find(
          (u) => u.id === form.username && password !== undefined && safeEqual(password, u.password),
        );
        if (!user)
          return reply.code(401).type('text/html').send(signInPage(next, 'Wrong username or password.'));
        sessions.signIn(reply, user);
        return reply.redirect(next, 303);
      });
      app.post('/logout', async (request, reply) => {
        sessions.signOut(request, reply);
        return reply.redirect('/', 303);
      });
      app.get('/items/:id/edit', async (request, reply) => {
        const user = sessions.current(request);
        const { id } = request.params as { id: string };
        if (!ITEM_ID.test(id)) return reply.code(404).send({ error: 'no such item' });
        if (!user) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
        const item = items.get(id);
        if (!item || (item.private && item.owner !== user.id))
          return reply.code(404).send({ error: 'no such item' });
        const saved = (request.query as Record<string, unknown>).saved === '1';
        return reply.type('text/html').send(editPage(item, saved));
      });
      app.post('/items/:id/edit', async (request, reply) => {
        if (!sameOrigin(request)) return reply.code(403).send({ error: 'cross-site form' });
        const user = sessions.current(request);
        const { id } = request.params as { id: string };
        if (!ITEM_ID.test(id)) return reply.code(404).send({ error: 'no such item' });
        if (!user) return reply.redirect(`/login?next=${encodeURIComponent(`/items/${id}/edit`)}`, 303);
        const form = (request.body ?? {}) as Record<string, unknown>;
        const patch = itemPatchSchema.safeParse({
          title: form.title,
          status: form.status,
          color: form.color,
          description: form.description,
          private: form.private === 'true',
        });
        if (!patch.success)
          return reply.code(400).send({ error: patch.error.issues.map((i) => i.message).join('; ') });
        const edit = applyItemEdit(items.get(id), id, patch.data, user);
        if ('status' in edit) return reply.code(edit.status).send({ error: edit.message });
        items.put(edit.item);
        await integration.changed(itemUri(id));
        return reply.redirect(`/items/${id}/edit?saved=1`, 303);
      });
      registerItemApi(app, items, () => integration);
    },
  });
  return { ...integration, items };
}

export default createAcmeIntegration({ itemsFile: process.env.ACME_ITEMS_FILE ?? './data/acme-items.json' });
