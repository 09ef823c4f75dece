import { z } from 'zod';

/**
 * The integration's settings at Notion (SPEC §1): External Authorization Setup and Unfurling Domain &
 * Patterns. One integration per emulator. `notionClientId`/`notionClientSecret` are what Notion issues the
 * integration; when omitted the emulator generates them once and keeps them.
 */
const httpUrl = (what: string) =>
  z.string(`${what} is required`).refine((value) => {
    if (!URL.canParse(value)) return false;
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  }, `${what} must be an absolute http(s) URL, e.g. http://127.0.0.1:3000/…`);

export const urlRuleSettingsSchema = z.object({
  name: z.string('a rule needs a name').min(1, 'a rule needs a name'),
  pattern: z.string('a rule needs a pattern').min(1, 'a rule needs a pattern'),
  samples: z.array(z.string()).min(1, 'a rule needs at least one sample URL'),
  placeholder: z.array(z.unknown()).optional(),
});

export const authorizationSettingsSchema = z.object({
  authorizeUrl: httpUrl('the OAuth Authorize URL'),
  tokenUrl: httpUrl('the OAuth Token URL'),
  clientId: z.string('the OAuth Client ID is required').min(1, 'the OAuth Client ID is required'),
  clientSecret: z.string('the OAuth Client Secret is required').min(1, 'the OAuth Client Secret is required'),
  scopes: z.string().optional(),
  deletedTokenCallbackUrl: httpUrl('the Deleted Token Callback URL').optional(),
});

export const unfurlSettingsSchema = z.object({
  callbackUrl: httpUrl('the Unfurl Callback URL'),
  domain: z.string('the Unfurl URL Domain is required').min(1, 'the Unfurl URL Domain is required'),
  rules: z.array(urlRuleSettingsSchema).min(1, 'at least one URL matching rule is required'),
});

export const emulatorSettingsSchema = z.object({
  name: z.string('the integration needs a name').min(1, 'the integration needs a name').max(200),
  notionClientId: z.string().min(1).optional(),
  notionClientSecret: z.string().min(1).optional(),
  oauth: authorizationSettingsSchema,
  unfurl: unfurlSettingsSchema,
});

/** Settings as given (file, API, forms): Notion's credentials optional. */
export type EmulatorSettingsInput = z.input<typeof emulatorSettingsSchema>;
export type UrlRuleSettings = z.infer<typeof urlRuleSettingsSchema>;

/** Settings in force: Notion's credentials always present. */
export type EmulatorSettings = z.infer<typeof emulatorSettingsSchema> & {
  notionClientId: string;
  notionClientSecret: string;
};
