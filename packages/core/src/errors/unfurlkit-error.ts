/**
 * unfurlkit's own error codes, one registry for every package (DESIGN rule 4). A code is never reused for
 * another meaning; `docs/errors.md` lists them and a test keeps the two in sync. OAuth errors are named after
 * RFC 6749 (see `oauth/oauth-errors.ts`) and Notion's after its API (see `notion/notion-errors.ts`).
 */
export const UNFURLKIT_ERROR_CODES = {
  UNFURLKIT_CONFIG_INVALID: 'The configuration is missing a value or holds one that cannot work.',
  UNFURLKIT_RULE_INVALID:
    'A URL rule is unusable: its pattern is not a valid or anchored regex, can backtrack catastrophically, misses a sample URL or its placeholders name unknown groups.',
  UNFURLKIT_ATTRIBUTE_INVALID: 'An attribute builder was given a value Notion would refuse.',
  UNFURLKIT_RESOLVER_FAILED: 'A resolver threw; Notion was sent a generic 500 error operation.',
  UNFURLKIT_RESOLVER_TIMEOUT:
    'A resolver took longer than its time limit; Notion was sent a 500 error operation.',
  UNFURLKIT_RESOLVER_RESULT_INVALID:
    'A resolver returned attributes that break the protocol (e.g. no title); Notion was sent a 500 error operation.',
  UNFURLKIT_NOTION_EXCHANGE_FAILED:
    "Notion's /v1/oauth/token refused or failed the exchange of its code; the browser was sent back with an OAuth error.",
  UNFURLKIT_INTEGRATION_INVALID:
    'The object given to defineIntegration or the CLI is not a usable integration.',
  UNFURLKIT_UPDATES_UNAVAILABLE:
    'integration.changed() was called while no server runs the integration, so the change could not be queued.',
  UNFURLKIT_EMULATOR_MISSING:
    'unfurlkit/testing needs @unfurlkit/emulator, which is not installed: `npm install --save-dev @unfurlkit/emulator`.',
  UNFURLKIT_TESTBED_FAILED:
    'A testbed step did not complete: the consent flow failed, or no PATCH reached the emulator in time.',
} as const;

export type UnfurlkitErrorCode = keyof typeof UNFURLKIT_ERROR_CODES;

/**
 * A registered symbol, so every copy of this package brands its errors alike: a config module loaded through tsx
 * has its own copy, whose `UnfurlkitError` is another class (`instanceof` would miss it).
 */
const UNFURLKIT_ERROR_BRAND = Symbol.for('unfurlkit.error');

/** An error unfurlkit raises on purpose, with a stable code a program can branch on. */
export class UnfurlkitError extends Error {
  readonly [UNFURLKIT_ERROR_BRAND] = true;
  readonly code: UnfurlkitErrorCode;
  /** Extra facts for the log (never secrets). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: UnfurlkitErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UnfurlkitError';
    this.code = code;
    this.details = options?.details ?? {};
  }
}

/**
 * Whether `value` is an unfurlkit error (optionally with this code), from any copy of the package.
 *
 * @example isUnfurlkitError(error, 'UNFURLKIT_CONFIG_INVALID')
 */
export function isUnfurlkitError(value: unknown, code?: UnfurlkitErrorCode): value is UnfurlkitError {
  if (typeof value !== 'object' || value === null) return false;
  const branded = (value as { [UNFURLKIT_ERROR_BRAND]?: unknown })[UNFURLKIT_ERROR_BRAND] === true;
  return branded && (code === undefined || (value as UnfurlkitError).code === code);
}
