/**
 * `Notion-Version` values (SPEC §7.3): the one list of every version Notion has published. The link-preview
 * guide uses 2022-06-28 for `/v1/oauth/token` and 2021-08-16 for `/v1/external/object`; unfurlkit sends
 * 2022-06-28. Keep this list in step with Notion's changelog: it is the only place the versions are named.
 */
export const NOTION_VERSIONS = [
  '2021-05-11',
  '2021-05-13',
  '2021-08-16',
  '2022-02-22',
  '2022-06-28',
  '2025-09-03',
  '2026-03-11',
] as const;

export type NotionVersion = (typeof NOTION_VERSIONS)[number];

/** The version unfurlkit sends. */
export const DEFAULT_NOTION_VERSION: NotionVersion = '2022-06-28';

/** The newest published version. */
export const LATEST_NOTION_VERSION: NotionVersion = NOTION_VERSIONS[NOTION_VERSIONS.length - 1]!;

export function isKnownNotionVersion(value: string): value is NotionVersion {
  return (NOTION_VERSIONS as readonly string[]).includes(value);
}

/**
 * What a `Notion-Version` value is: `published` (in the list above), `newer` (a real calendar date after the
 * newest published one: a version Notion may have published since this list was written), or `unknown`.
 *
 * @example
 * classifyNotionVersion('2022-06-28'); // 'published'
 * classifyNotionVersion('2027-01-15'); // 'newer'
 * classifyNotionVersion('2022-06-29'); // 'unknown'
 */
export function classifyNotionVersion(value: string): 'published' | 'newer' | 'unknown' {
  if (isKnownNotionVersion(value)) return 'published';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'unknown';
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) return 'unknown';
  return value > LATEST_NOTION_VERSION ? 'newer' : 'unknown';
}
