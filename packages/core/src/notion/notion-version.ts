/**
 * `Notion-Version` values (SPEC §7.3). The link-preview guide uses 2022-06-28 for `/v1/oauth/token` and
 * 2021-08-16 for `/v1/external/object`; unfurlkit sends 2022-06-28 and the emulator accepts every known one.
 */
export const NOTION_VERSIONS = [
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

export function isKnownNotionVersion(value: string): value is NotionVersion {
  return (NOTION_VERSIONS as readonly string[]).includes(value);
}
