import { isKnownNotionVersion, NOTION_VERSIONS } from '@unfurlkit/core';

/**
 * Notion requires a `Notion-Version` header on every API call (SPEC §7.3): missing → 400 `missing_version`;
 * a value it does not know → 400 `validation_error`.
 */
export type VersionCheck =
  | { ok: true }
  | { ok: false; code: 'missing_version' | 'validation_error'; message: string };

export function checkNotionVersion(header: string | string[] | undefined): VersionCheck {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') {
    return {
      ok: false,
      code: 'missing_version',
      message:
        'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
    };
  }
  if (!isKnownNotionVersion(value.trim())) {
    return {
      ok: false,
      code: 'validation_error',
      message: `Notion-Version header failed validation: "${value}" is not a known version; use one of ${NOTION_VERSIONS.join(', ')}.`,
    };
  }
  return { ok: true };
}
