import { z } from 'zod';

/**
 * Notion's API error envelope and codes (SPEC §7.3). The emulator answers with exactly these codes, because
 * `@notionhq/client` only recognises errors whose `code` it knows.
 */
export const NOTION_ERROR_STATUS = {
  invalid_json: 400,
  invalid_request_url: 400,
  invalid_request: 400,
  validation_error: 400,
  missing_version: 400,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  unauthorized: 401,
  invalid_client: 401,
  restricted_resource: 403,
  object_not_found: 404,
  conflict_error: 409,
  rate_limited: 429,
  internal_server_error: 500,
  bad_gateway: 502,
  service_unavailable: 503,
  gateway_timeout: 504,
  service_overload: 529,
} as const;

export type NotionErrorCode = keyof typeof NOTION_ERROR_STATUS;
export const NOTION_ERROR_CODES = Object.keys(NOTION_ERROR_STATUS) as NotionErrorCode[];

export interface NotionErrorBody {
  object: 'error';
  status: number;
  code: NotionErrorCode;
  message: string;
  request_id?: string;
  additional_data?: Record<string, string>;
}

/**
 * Builds Notion's error body for a code, with the code's status.
 * @example notionErrorBody('rate_limited', 'Slow down.', { requestId, additionalData: { retry_after: '2' } })
 */
export function notionErrorBody(
  code: NotionErrorCode,
  message: string,
  options: { requestId?: string; additionalData?: Record<string, string> } = {},
): NotionErrorBody {
  const body: NotionErrorBody = { object: 'error', status: NOTION_ERROR_STATUS[code], code, message };
  if (options.requestId !== undefined) body.request_id = options.requestId;
  if (options.additionalData !== undefined) body.additional_data = options.additionalData;
  return body;
}

export const notionErrorBodySchema = z.object({
  object: z.literal('error'),
  status: z.int(),
  code: z.string(),
  message: z.string(),
  request_id: z.string().optional(),
  additional_data: z.record(z.string(), z.string()).optional(),
});

const rfc6749ErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });

export interface ParsedApiError {
  code: string;
  message: string;
  requestId?: string;
}

/**
 * Reads an error body from Notion in either form it has used: the envelope, or RFC 6749's
 * `{error, error_description}` (older `/v1/oauth/token`). Returns undefined for anything else.
 */
export function parseNotionError(body: unknown): ParsedApiError | undefined {
  const envelope = notionErrorBodySchema.safeParse(body);
  if (envelope.success) {
    const parsed: ParsedApiError = { code: envelope.data.code, message: envelope.data.message };
    if (envelope.data.request_id !== undefined) parsed.requestId = envelope.data.request_id;
    return parsed;
  }
  const oauth = rfc6749ErrorSchema.safeParse(body);
  if (oauth.success)
    return { code: oauth.data.error, message: oauth.data.error_description ?? oauth.data.error };
  return undefined;
}
