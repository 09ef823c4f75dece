import type { EmulatorSettings } from './settings-schema.js';

/** The fields of the settings page, as the browser posts them. */
export type SettingsFormFields = Record<string, string | undefined>;

export type FormReading = { ok: true; input: unknown } | { ok: false; problems: string[] };

const optional = (value: string | undefined) =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

/**
 * Turns the two forms of SPEC §1 (External Authorization Setup; Unfurling Domain & Patterns, rules as JSON)
 * into a settings object for `validateSettings`. Notion's credentials carry over from the settings in force.
 */
export function readSettingsForm(
  fields: SettingsFormFields,
  current: EmulatorSettings | undefined,
): FormReading {
  let rules: unknown;
  try {
    rules = JSON.parse(fields.rules ?? '[]');
  } catch (error) {
    return { ok: false, problems: [`URL matching rules: not valid JSON (${(error as Error).message})`] };
  }
  return {
    ok: true,
    input: {
      name: fields.name?.trim() ?? '',
      notionClientId: current?.notionClientId,
      notionClientSecret: current?.notionClientSecret,
      oauth: {
        authorizeUrl: fields.authorizeUrl?.trim() ?? '',
        tokenUrl: fields.tokenUrl?.trim() ?? '',
        clientId: fields.clientId?.trim() ?? '',
        clientSecret: fields.clientSecret ?? '',
        scopes: optional(fields.scopes),
        deletedTokenCallbackUrl: optional(fields.deletedTokenCallbackUrl),
      },
      unfurl: { callbackUrl: fields.callbackUrl?.trim() ?? '', domain: fields.domain?.trim() ?? '', rules },
    },
  };
}

/** The form's values for settings in force (or empty ones). */
export function settingsFormValues(settings: EmulatorSettings | undefined): SettingsFormFields {
  return {
    name: settings?.name ?? '',
    authorizeUrl: settings?.oauth.authorizeUrl ?? '',
    tokenUrl: settings?.oauth.tokenUrl ?? '',
    clientId: settings?.oauth.clientId ?? '',
    clientSecret: settings?.oauth.clientSecret ?? '',
    scopes: settings?.oauth.scopes ?? '',
    deletedTokenCallbackUrl: settings?.oauth.deletedTokenCallbackUrl ?? '',
    callbackUrl: settings?.unfurl.callbackUrl ?? '',
    domain: settings?.unfurl.domain ?? '',
    rules: JSON.stringify(settings?.unfurl.rules ?? [], null, 2),
  };
}
