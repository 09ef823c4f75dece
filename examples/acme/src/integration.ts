import {
  color,
  date,
  defineIntegration,
  enumValue,
  forbidden,
  type Integration,
  notFound,
  plainText,
  title,
} from 'unfurlkit';
import { type Item, STATUS_COLORS } from './catalog.js';
import { registerItemApi } from './item-api.js';
import { registerItemEditRoutes } from './item-edit-routes.js';
import { ItemRepository } from './item-repository.js';
import { Sessions } from './sessions.js';
import { registerSignInRoutes } from './sign-in-routes.js';

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

export interface AcmeOptions {
  /** Where items persist (JSON); in memory when omitted. */
  itemsFile?: string;
  /** Mark the session cookie Secure (when served over https). */
  secureCookies?: boolean;
}

/**
 * Acme's whole integration: one rule, its resolver with per-person permissions, and Acme's own sign-in (the
 * `authenticate` hook and the /login page it points to), plus its edit page and JSON API, which call `changed`.
 *
 * @example
 * const acme = createAcmeIntegration({ itemsFile: './data/acme-items.json' });
 * const server = await createServer({ integration: acme });
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
    // The consent page's "Not you? Sign out" posts here (see sign-in-routes.ts).
    signOutUrl: '/logout',
    routes(app) {
      registerSignInRoutes(app, sessions);
      registerItemEditRoutes(app, items, sessions, (id) => integration.changed(itemUri(id)));
      registerItemApi(app, items, () => integration);
    },
  });
  return { ...integration, items };
}

export default createAcmeIntegration({ itemsFile: process.env.ACME_ITEMS_FILE ?? './data/acme-items.json' });
