/**
 * Notion's OAuth callback, in the four spellings its sources use (SPEC §2, a choice). An authorize request's
 * `redirect_uri` must equal one of the allowed values exactly: no prefix, case or normalisation tricks.
 */
export const DEFAULT_NOTION_REDIRECT_URIS: readonly string[] = [
  'https://www.notion.so/externalIntegrationAuthCallback',
  'https://notion.so/externalIntegrationAuthCallback',
  'https://www.notion.so/externalintegrationauthcallback',
  'https://notion.so/externalintegrationauthcallback',
];

/**
 * Exact string comparison against the allow-list (RFC 9700 §4.1.1: no pattern matching of redirect URIs).
 * @example isAllowedRedirectUri(DEFAULT_NOTION_REDIRECT_URIS, 'https://notion.so/externalIntegrationAuthCallback') // true
 */
export function isAllowedRedirectUri(allowList: readonly string[], candidate: unknown): candidate is string {
  return typeof candidate === 'string' && allowList.includes(candidate);
}
