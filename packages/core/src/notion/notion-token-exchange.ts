import { z } from 'zod';

/**
 * The integration's exchange of Notion's code at `POST {NOTION_API_URL}/v1/oauth/token` (SPEC §2 step 4):
 * HTTP Basic with the integration's Notion client id/secret, JSON body, answer with the connection's token.
 */
export const externalAccountSchema = z.object({
  /** Stable, unique account id: connecting the same key twice yields one connection. */
  key: z.string().min(1).max(2_000),
  /** A label the person recognises, e.g. their username. */
  name: z.string().min(1).max(2_000),
});
export type ExternalAccount = z.infer<typeof externalAccountSchema>;

export const notionTokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('authorization_code'),
    code: z.string().min(1),
    redirect_uri: z.string().optional(),
    external_account: externalAccountSchema.optional(),
  }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(1) }),
]);
export type NotionTokenRequest = z.infer<typeof notionTokenRequestSchema>;

export const notionTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  bot_id: z.string(),
  workspace_id: z.string(),
  workspace_name: z.string().nullable(),
  workspace_icon: z.string().nullable(),
  owner: z.unknown(),
  duplicated_template_id: z.string().nullable(),
  refresh_token: z.string().nullable().optional(),
  request_id: z.string().optional(),
});
export type NotionTokenResponse = z.infer<typeof notionTokenResponseSchema>;
