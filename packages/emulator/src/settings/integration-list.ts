/**
 * Several integrations in one emulator, as a workspace has: how a settings document names them, and which
 * stable id each one keeps when the list is replaced. Pure functions; the service applies them.
 */

/** The id of the first integration ever configured (and of every row from the single-integration era). */
export const FIRST_INTEGRATION_ID = 'default';

/**
 * The integrations a settings document describes: a list (`[...]` or `{integrations: [...]}`), or one
 * integration's settings (the single-integration form: a list of one).
 *
 * @example
 * integrationInputs({ name: 'Acme', oauth, unfurl }); // [{ name: 'Acme', oauth, unfurl }]
 * integrationInputs({ integrations: [a, b] }); // [a, b]
 */
export function integrationInputs(document: unknown): unknown[] {
  if (Array.isArray(document)) return document;
  if (document !== null && typeof document === 'object' && 'integrations' in document) {
    const list = (document as { integrations: unknown }).integrations;
    return Array.isArray(list) ? list : [list];
  }
  return [document];
}

/** What identifies an integration when a list replaces the one in force. */
export interface IntegrationIdentity {
  id: string;
  name: string;
  notionClientId?: string | undefined;
}

function field(input: unknown, key: string): string | undefined {
  if (input === null || typeof input !== 'object') return undefined;
  const value = (input as Record<string, unknown>)[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The id each new integration keeps: the `id` it was given, else the one in force with the same explicit
 * Notion client id, else with the same name, else (a list of one replacing a list of one) the one in force:
 * so editing the single integration keeps its connections. A new one gets `default` if free, else a new id.
 */
export function assignIntegrationIds(
  inputs: readonly unknown[],
  current: readonly IntegrationIdentity[],
  newId: () => string,
): string[] {
  const taken = new Set<string>();
  const claim = (id: string | undefined) => (id !== undefined && !taken.has(id) ? id : undefined);
  return inputs.map((input) => {
    const clientId = field(input, 'notionClientId');
    const name = field(input, 'name');
    const id =
      claim(field(input, 'id')) ??
      claim(current.find((c) => clientId !== undefined && c.notionClientId === clientId)?.id) ??
      claim(current.find((c) => name !== undefined && c.name === name)?.id) ??
      (inputs.length === 1 && current.length === 1 ? claim(current[0]?.id) : undefined) ??
      (current.some((c) => c.id === FIRST_INTEGRATION_ID) ? undefined : claim(FIRST_INTEGRATION_ID)) ??
      newId();
    taken.add(id);
    return id;
  });
}

/**
 * Problems that only a list has: two integrations with one name, or with one Notion client id (Notion's
 * `/v1/oauth/token` tells integrations apart by it).
 */
export function listProblems(
  integrations: ReadonlyArray<{ name: string; notionClientId: string }>,
): string[] {
  const problems: string[] = [];
  const seen = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);
  for (const name of new Set(seen(integrations.map((i) => i.name)))) {
    problems.push(`two integrations are named "${name}": each needs its own name`);
  }
  for (const id of new Set(seen(integrations.map((i) => i.notionClientId)))) {
    problems.push(`two integrations have the Notion client id "${id}": each needs its own`);
  }
  return problems;
}
