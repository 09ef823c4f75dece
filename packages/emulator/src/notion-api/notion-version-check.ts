import { classifyNotionVersion, LATEST_NOTION_VERSION, NOTION_VERSIONS } from '@unfurlkit/core';

/**
 * Notion's `Notion-Version` check (SPEC §7.3), with Notion's own tolerances: every published version is
 * accepted; a dated version newer than the newest we know is answered as the newest (with a warning); a token
 * exchange without the header is answered (Notion answered Gumroad's, which sends none), with a warning.
 * Anything else, and every tolerance in strict mode: 400 `missing_version` or `validation_error`.
 */
export type VersionCheck =
  | { ok: true; warning?: string }
  | { ok: false; code: 'missing_version' | 'validation_error'; message: string };

export interface VersionCheckOptions {
  /** The request is `POST /v1/oauth/token`, which Notion answers without the header. */
  tokenExchange: boolean;
  /** `--strict`: no tolerance. */
  strict: boolean;
}

/**
 * @example
 * checkNotionVersion(undefined, { tokenExchange: true, strict: false }); // { ok: true, warning: '…' }
 * checkNotionVersion('2022-06-28', { tokenExchange: false, strict: true }); // { ok: true }
 */
export function checkNotionVersion(
  header: string | string[] | undefined,
  options: VersionCheckOptions,
): VersionCheck {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') {
    if (options.tokenExchange && !options.strict) {
      return {
        ok: true,
        warning:
          'POST /v1/oauth/token was called without a Notion-Version header: Notion answers it anyway, but every other endpoint refuses a request without one (send e.g. Notion-Version: 2022-06-28).',
      };
    }
    return {
      ok: false,
      code: 'missing_version',
      message:
        'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
    };
  }
  const kind = classifyNotionVersion(value);
  if (kind === 'published') return { ok: true };
  if (kind === 'newer' && !options.strict) {
    return {
      ok: true,
      warning: `Notion-Version "${value}" is newer than the versions this emulator knows (newest: ${LATEST_NOTION_VERSION}); it was answered as ${LATEST_NOTION_VERSION}.`,
    };
  }
  return {
    ok: false,
    code: 'validation_error',
    message: `Notion-Version header failed validation: "${value}" is not a known version; use one of ${NOTION_VERSIONS.join(', ')}.`,
  };
}
