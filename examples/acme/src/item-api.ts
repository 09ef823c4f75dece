import { parseBasicAuth, safeEqual } from '@unfurlkit/core/http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Integration } from 'unfurlkit';
import { z } from 'zod';
import { DEMO_USERS, type DemoUser, type Item } from './catalog.js';
import type { ItemRepository } from './item-repository.js';

export const itemPatchSchema = z
  .object({
    title: z.string().min(1).max(200),
    status: z.enum(['Open', 'In progress', 'Done']),
    color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a #rrggbb colour'),
    private: z.boolean(),
    description: z.string().max(2_000),
  })
  .partial()
  .strict();

export type ItemPatch = z.infer<typeof itemPatchSchema>;

/** Applies an edit by `user`: a new item needs a title; a private item may be edited only by its owner. */
export function applyItemEdit(
  existing: Item | undefined,
  id: string,
  patch: ItemPatch,
  user: DemoUser,
): { item: Item } | { status: 400 | 403; message: string } {
  if (existing?.private && existing.owner !== user.id)
    return { status: 403, message: 'only the owner edits a private item' };
  if (!existing && !patch.title) return { status: 400, message: 'a new item needs a title' };
  const base: Item = existing ?? {
    id,
    title: '',
    status: 'Open',
    description: '',
    updatedOn: '',
    color: '#2f80ed',
    private: false,
    owner: user.id,
  };
  return { item: { ...base, ...patch, updatedOn: new Date().toISOString().slice(0, 10) } };
}

function basicUser(request: FastifyRequest): DemoUser | undefined {
  const credentials = parseBasicAuth(request.headers.authorization);
  if (!credentials) return undefined;
  return DEMO_USERS.find(
    (user) => user.id === credentials.id && safeEqual(credentials.secret, user.password),
  );
}

/**
 * Acme's JSON API for items (HTTP Basic with the demo users). Every write ends with `integration.changed`, which
 * is all a product does to keep its Notion previews live.
 */
export function registerItemApi(
  app: FastifyInstance,
  items: ItemRepository,
  integration: () => Integration,
): void {
  app.put('/api/items/:id', async (request, reply) => {
    const user = basicUser(request);
    if (!user)
      return reply.code(401).header('www-authenticate', 'Basic realm="acme"').send({ error: 'sign in' });
    const { id } = request.params as { id: string };
    if (!/^\d{1,12}$/.test(id)) return reply.code(400).send({ error: 'an item id is a number' });
    const patch = itemPatchSchema.safeParse(request.body);
    if (!patch.success)
      return reply.code(400).send({ error: patch.error.issues.map((i) => i.message).join('; ') });
    const edit = applyItemEdit(items.get(id), id, patch.data, user);
    if ('status' in edit) return reply.code(edit.status).send({ error: edit.message });
    items.put(edit.item);
    const { queued } = await integration().changed(`https://acme.com/items/${id}`);
    return reply.send({ item: edit.item, previewsQueued: queued });
  });

  app.delete('/api/items/:id', async (request, reply) => {
    const user = basicUser(request);
    if (!user)
      return reply.code(401).header('www-authenticate', 'Basic realm="acme"').send({ error: 'sign in' });
    const { id } = request.params as { id: string };
    const existing = items.get(id);
    if (!existing) return reply.code(404).send({ error: 'no such item' });
    if (existing.private && existing.owner !== user.id) return reply.code(403).send({ error: 'not yours' });
    items.delete(id);
    const { queued } = await integration().changed(`https://acme.com/items/${id}`);
    return reply.send({ deleted: id, previewsQueued: queued });
  });
}
