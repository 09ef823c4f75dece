import { parseNotionError } from '@unfurlkit/core';

/**
 * The code of a Notion error. The SDK only knows the codes of Notion's data API; `/v1/oauth/*`'s own
 * (`invalid_grant`, `invalid_client`) arrive as an unknown response error whose body we read ourselves, in either
 * of Notion's error forms.
 *
 * @example
 * notionErrorCode({ code: 'notionhq_client_response_error', body: '{"error":"invalid_grant"}' }); // 'invalid_grant'
 */
export function notionErrorCode(error: { code: string; body?: unknown }): string {
  if (typeof error.body === 'string') {
    try {
      const parsed = parseNotionError(JSON.parse(error.body));
      if (parsed) return parsed.code;
    } catch {
      // not JSON: keep the SDK's code
    }
  }
  return error.code;
}

/** The HTTP status of an SDK error, when Notion answered at all. */
export function notionErrorStatus(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : undefined;
}
