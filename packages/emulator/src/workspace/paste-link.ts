import { uriSchema } from '@unfurlkit/core';
import type { EmulatorContext } from '../context/emulator-context.js';
import type { PreviewBlock } from '../store/preview-store.js';
import { startAuthorization } from './connect.js';

export type PasteResult =
  | { kind: 'preview'; block: PreviewBlock; authorizeUrl?: string }
  | { kind: 'refused'; message: string };

/**
 * A person pastes a link (SPEC §6): when a rule matches, a preview block appears at once (drawn from the
 * rule's placeholders until the integration answers). With no connection yet, the person is sent through the
 * Authorize URL; otherwise the next page load asks the integration.
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
  const settings = context.settings.get();
  if (!settings) {
    return { kind: 'refused', message: 'No integration is configured yet: fill in the Settings first.' };
  }
  if (!context.settings.match(uri)) {
    return {
      kind: 'refused',
      message: `No URL rule of ${settings.name} matches this link, so Notion shows it as a plain link.`,
    };
  }
  const connections = await context.store.connections.list(person);
  // The most recently (re)connected account unfurls new links.
  const connection = connections.sort((a, b) => b.updatedAt - a.updatedAt)[0];
  const block: PreviewBlock = {
    id: context.random.uuid(),
    person,
    uri,
    connectionId: connection?.id ?? null,
    createdAt: context.clock(),
  };
  await context.store.previews.create(block);
  context.events.emit({ person, reason: 'pasted' });
  if (connection) return { kind: 'preview', block };
  const authorizeUrl = await startAuthorization(context, person, sessionId);
  return authorizeUrl ? { kind: 'preview', block, authorizeUrl } : { kind: 'preview', block };
}
