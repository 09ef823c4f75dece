import type { EmulatorContext } from '../context/emulator-context.js';
import type { PreviewState, PreviewStateName } from '../render/preview-state.js';

/** Every preview of `person` (or everyone), joined with what its connection's object shows. */
export async function listPreviewStates(context: EmulatorContext, person?: string): Promise<PreviewState[]> {
  const blocks = await context.store.previews.list(person);
  const connectionIds = [...new Set(blocks.flatMap((b) => (b.connectionId ? [b.connectionId] : [])))];
  const objects = await context.store.objects.listByConnections(connectionIds);
  const byKey = new Map(objects.map((o) => [`${o.connectionId} ${o.uri}`, o]));
  return blocks.map((block) => {
    const object = block.connectionId ? byKey.get(`${block.connectionId} ${block.uri}`) : undefined;
    let state: PreviewStateName = 'placeholder';
    if (block.integrationId === null) state = 'link';
    else if (object?.status === 'failed') state = 'failed';
    else if (object?.status === 'ready') state = object.error ? 'error' : 'ready';
    return {
      id: block.id,
      person: block.person,
      connectionId: block.connectionId,
      integrationId: block.integrationId,
      integrationName: block.integrationId
        ? (context.settings.byId(block.integrationId)?.settings.name ?? null)
        : null,
      uri: block.uri,
      state,
      attributes: object?.attributes ?? null,
      placeholder: block.integrationId ? context.settings.placeholderFor(block.uri, block.integrationId) : [],
      error: object?.error ?? null,
      failure: object?.failure ?? null,
      warnings: object?.warnings ?? [],
      updatedAt: object?.updatedAt ?? null,
    };
  });
}
