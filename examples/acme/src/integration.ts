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
import { DEMO_USERS, demoItems, type Item, STATUS_COLORS } from './catalog.js';
import { homePage, signInPage } from './pages.js';
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

export interface AcmeOptions {
  items?: Map<string, Item>;
  /** Mark the session cookie Secure (when served over https). */
  secureCookies?: boolean;
}

/**
 * Acme's whole integration: one rule, its resolver with per-person permissions, and Acme's own sign-in (the
 * `authenticate` hook and the /login page it points to).
 */
export function createAcmeIntegration(options: AcmeOptions = {}): Integration & { items: Map<string, Item> } {
  const items = options.items ?? demoItems();
  const sessions = new Sessions(options.secureCookies ?? false);
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
        const form = (request.body ?? {}) as Record<string, unknown>;
        const next = safeReturnPath(form.next);
        const user = DEMO_USERS.find((u) => u.id === form.username && u.password === form.password);
        if (!user)
          return reply.code(401).type('text/html').send(signInPage(next, 'Wrong username or password.'));
        sessions.signIn(reply, user);
        return reply.redirect(next, 303);
      });
      app.post('/logout', async (request, reply) => {
        sessions.signOut(request, reply);
        return reply.redirect('/', 303);
      });
    },
  });
  return { ...integration, items };
}

export default createAcmeIntegration();
