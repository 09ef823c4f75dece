import type { FastifyInstance } from 'fastify';
import { applyItemEdit, itemPatchSchema } from './item-api.js';
import type { ItemRepository } from './item-repository.js';
import { editPage } from './pages.js';
import { sameOrigin } from './same-origin.js';
import type { Sessions } from './sessions.js';

const ITEM_ID = /^\d{1,12}$/;

/**
 * Acme's edit page for signed-in people. Saving calls `changed(id)`, which queues the update of every Notion
 * preview of the item.
 */
export function registerItemEditRoutes(
  app: FastifyInstance,
  items: ItemRepository,
  sessions: Sessions,
  changed: (id: string) => Promise<unknown>,
): void {
  app.get('/items/:id/edit', async (request, reply) => {
    const user = sessions.current(request);
    const { id } = request.params as { id: string };
    if (!ITEM_ID.test(id)) return reply.code(404).send({ error: 'no such item' });
    if (!user) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`);
    const item = items.get(id);
    if (!item || (item.private && item.owner !== user.id))
      return reply.code(404).send({ error: 'no such item' });
    const saved = (request.query as Record<string, unknown>).saved === '1';
    return reply.type('text/html').send(editPage(item, saved, user.name));
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
    await changed(id);
    return reply.redirect(`/items/${id}/edit?saved=1`, 303);
  });
}
