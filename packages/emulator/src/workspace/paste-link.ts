import { uriSchema } from '@unfurlkit/core';
import type { EmulatorContext } from '../context/emulator-context.js';
import type { PreviewBlock } from '../store/preview-store.js';
import { startAuthorization } from './connect.js';

export type PasteResult =
  | { kind: 'preview'; block: PreviewBlock; authorizeUrl?: string }
  | { kind: 'refused'; message: string };

/**
 * A person pastes a link (SPEC §6): it goes to the integration whose rule matches it (the first in the list),
 * and a preview block appears at once (drawn from the rule's placeholders until the integration answers).
 * With no connection to that integration yet, the person is sent through its Authorize URL; otherwise the
 * next page load asks it. A link no rule matches becomes a plain link card with its URL: nothing is fetched.
 */
export async function pasteLink(
  context: EmulatorContext,
  person: string,
  link: string,
  sessionId: string | null,
): Promise<PasteResult> {
  const uri = link.trim();
  if (!uriSchema.safeParse(uri).success) {
    return { kind: 'refused', message: 'That is not a link: paste an absolute http(s) URL.' };
  }
  const matched = context.settings.match(uri)?.integration;
  if (!matched) {
    const block: PreviewBlock = {
      id: context.random.uuid(),
      person,
      uri,
      connectionId: null,
      integrationId: null,
      createdAt: context.clock(),
    };
    await context.store.previews.create(block);
    context.events.emit({ person, reason: 'pasted' });
    return { kind: 'preview', block };
  }
  const connections = (await context.store.connections.list(person)).filter(
    (c) => c.integrationId === matched.id,
  );
  // The most recently (re)connected account unfurls new links.
  const connection = connections.sort((a, b) => b.updatedAt - a.updatedAt)[0];
  const block: PreviewBlock = {
    id: context.random.uuid(),
    person,
    uri,
    connectionId: connection?.id ?? null,
    integrationId: matched.id,
    createdAt: context.clock(),
  };
  await context.store.previews.create(block);
  context.events.emit({ person, reason: 'pasted' });
  if (connection) return { kind: 'preview', block };
  const authorizeUrl = await startAuthorization(context, person, sessionId, matched.id);
  return authorizeUrl ? { kind: 'preview', block, authorizeUrl } : { kind: 'preview', block };
}
