import { type CompiledUrlRule, matchUrlRules } from '@unfurlkit/core';
import type { IntegrationStore } from '../store/store.js';

/**
 * What `changed()` is told: a uri, or a rule and the groups that identify the content ("item 23487"), for code
 * that knows its own ids but not every URL form that may have been pasted.
 */
export type ChangeTarget = string | { rule: string; groups: Readonly<Record<string, string>> };

/** The (connection, uri) pairs Notion shows for a target. */
export async function previewsOf(
  target: ChangeTarget,
  store: IntegrationStore,
  rules: readonly CompiledUrlRule[],
): Promise<Array<{ connectionId: string; uri: string }>> {
  if (typeof target === 'string') {
    return (await store.previews.listOfUri(target)).map(({ connectionId, uri }) => ({ connectionId, uri }));
  }
  const rule = rules.find((candidate) => candidate.name === target.rule);
  if (!rule) throw new RangeError(`changed(): there is no rule named "${target.rule}"`);
  const wanted = Object.entries(target.groups);
  // A misspelt group would match nothing and queue nothing, silently: say so instead.
  const unknown = wanted.find(([name]) => !rule.groupNames.includes(name));
  if (unknown) {
    throw new RangeError(
      `changed(): rule "${rule.name}" has no group named "${unknown[0]}" (its groups: ${rule.groupNames.join(', ') || 'none'})`,
    );
  }
  const previews = await store.previews.listOfRule(target.rule);
  return previews
    .filter((preview) => {
      const match = matchUrlRules([rule], preview.uri);
      return match !== undefined && wanted.every(([name, value]) => match.groups[name] === String(value));
    })
    .map(({ connectionId, uri }) => ({ connectionId, uri }));
}
