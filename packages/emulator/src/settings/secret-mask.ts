import type { EmulatorSettings } from './settings-schema.js';

/** What a masked secret starts with: never part of a generated secret, so a masked value is recognisable. */
const MASK = '••••••••';

/**
 * A secret as the settings page and `GET /api/settings` show it to whoever can reach them: hidden, with its last
 * four characters when it is long enough (16+) for them to give nothing useful away, so a person can still tell
 * two secrets apart.
 *
 * @example maskSecret('secret_0123456789abcdef') // '••••••••cdef'
 */
export function maskSecret(secret: string): string {
  return secret.length >= 16 ? `${MASK}${secret.slice(-4)}` : MASK;
}

/** The settings with both client secrets (the integration's and Notion's) masked. */
export function maskSettings(settings: EmulatorSettings): EmulatorSettings {
  return {
    ...settings,
    notionClientSecret: maskSecret(settings.notionClientSecret),
    oauth: { ...settings.oauth, clientSecret: maskSecret(settings.oauth.clientSecret) },
  };
}

/** Notion's credentials with the secret masked. */
export function maskCredentials(credentials: { clientId: string; clientSecret: string }) {
  return { clientId: credentials.clientId, clientSecret: maskSecret(credentials.clientSecret) };
}

/**
 * Settings submitted back as they were shown (the settings form, the JSON form, a `GET`-edit-`PUT` through the
 * API) carry the masked secrets: each one equal to the mask of the secret in force is replaced by that secret,
 * so saving other fields keeps it. Anything else is returned as it came, to be validated.
 *
 * @example unmaskSettingsInput({ oauth: { clientSecret: '••••••••cdef' } }, current) // the current secret back
 */
export function unmaskSettingsInput(input: unknown, current: EmulatorSettings | undefined): unknown {
  if (!current || !isRecord(input)) return input;
  const result: Record<string, unknown> = { ...input };
  if (input.notionClientSecret === maskSecret(current.notionClientSecret)) {
    result.notionClientSecret = current.notionClientSecret;
  }
  if (isRecord(input.oauth) && input.oauth.clientSecret === maskSecret(current.oauth.clientSecret)) {
    result.oauth = { ...input.oauth, clientSecret: current.oauth.clientSecret };
  }
  return result;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
