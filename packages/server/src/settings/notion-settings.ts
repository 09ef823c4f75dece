import type { NotionIntegrationSettings, NotionUrlRuleSettings } from '@unfurlkit/core';
import type { RoutePaths } from '../config/config.js';
import type { IntegrationDefinition } from '../integration/define-integration.js';
import { unfurlDomain } from './unfurl-domain.js';

/** What the derivation needs: the integration, where the server is reached, and the values known so far. */
export interface NotionSettingsInput {
  integration: Pick<IntegrationDefinition, 'name' | 'rules'>;
  /** Where Notion reaches the server (PUBLIC_URL); no trailing slash needed. */
  publicUrl: string;
  paths: Pick<RoutePaths, 'authorize' | 'token' | 'unfurl' | 'deletion'>;
  /** OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET and OAUTH_SCOPES, as far as they are set. */
  oauth: { clientId?: string | undefined; clientSecret?: string | undefined; scopes: readonly string[] };
  /** NOTION_CLIENT_ID and NOTION_CLIENT_SECRET when set: the emulator then issues these same credentials. */
  notion?: { clientId?: string | undefined; clientSecret?: string | undefined };
}

/** The dashboard's values, with the client credentials left out when they are not known yet. */
export type NotionSettingsDraft = Omit<NotionIntegrationSettings, 'oauth'> & {
  oauth: Omit<NotionIntegrationSettings['oauth'], 'clientId' | 'clientSecret'> &
    Partial<Pick<NotionIntegrationSettings['oauth'], 'clientId' | 'clientSecret'>>;
};

export interface DerivedNotionSettings {
  settings: NotionSettingsDraft;
  /** Environment variables whose values the settings need but were not given (e.g. OAUTH_CLIENT_SECRET). */
  missing: string[];
  /** Things the dashboard cannot express as written (a RegExp's flags, for example). */
  warnings: string[];
}

/**
 * Everything Notion's dashboard (and the emulator) needs for this integration, derived from the integration
 * itself: the OAuth URLs and the unfurl callback from the public URL and the route paths, the URL rules with
 * their samples and placeholders as written in `defineIntegration`, the domain from the samples. Pure: the CLI's
 * `unfurlkit settings` prints it, and a development runner can hand it to the emulator as is.
 *
 * @example
 * deriveNotionSettings({ integration, publicUrl: 'https://acme.example', paths: DEFAULT_PATHS,
 *   oauth: { clientId: 'notion', clientSecret: secret, scopes: ['unfurl'] } }).settings.oauth.authorizeUrl
 * // 'https://acme.example/notion/authorize'
 */
export function deriveNotionSettings(input: NotionSettingsInput): DerivedNotionSettings {
  const base = input.publicUrl.replace(/\/+$/, '');
  const warnings: string[] = [];
  const missing: string[] = [];
  const rules = input.integration.rules.map((rule) => ruleSettings(rule, warnings));
  const { clientId, clientSecret } = input.oauth;
  if (!clientId) missing.push('OAUTH_CLIENT_ID');
  if (!clientSecret) missing.push('OAUTH_CLIENT_SECRET');
  const notion = input.notion ?? {};
  const settings: NotionSettingsDraft = {
    name: input.integration.name,
    ...(notion.clientId && notion.clientSecret
      ? { notionClientId: notion.clientId, notionClientSecret: notion.clientSecret }
      : {}),
    oauth: {
      authorizeUrl: `${base}${input.paths.authorize}`,
      tokenUrl: `${base}${input.paths.token}`,
      ...(clientId ? { clientId } : {}),
      ...(clientSecret ? { clientSecret } : {}),
      ...(input.oauth.scopes.length > 0 ? { scopes: input.oauth.scopes.join(' ') } : {}),
      deletedTokenCallbackUrl: `${base}${input.paths.deletion}`,
    },
    unfurl: {
      callbackUrl: `${base}${input.paths.unfurl}`,
      domain: unfurlDomain(rules.flatMap((rule) => rule.samples)),
      rules,
    },
  };
  return { settings, missing, warnings };
}

/** Whether the draft has everything the emulator requires (then it is the emulator's settings as is). */
export function isCompleteSettings(draft: NotionSettingsDraft): draft is NotionIntegrationSettings {
  return typeof draft.oauth.clientId === 'string' && typeof draft.oauth.clientSecret === 'string';
}

function ruleSettings(
  rule: IntegrationDefinition['rules'][number],
  warnings: string[],
): NotionUrlRuleSettings {
  let pattern: string;
  if (typeof rule.pattern === 'string') pattern = rule.pattern;
  else {
    pattern = rule.pattern.source;
    if (rule.pattern.flags !== '') {
      warnings.push(
        `rule "${rule.name}": the flags "${rule.pattern.flags}" of its RegExp cannot be entered in Notion's dashboard; the pattern is given without them`,
      );
    }
  }
  return {
    name: rule.name,
    pattern,
    samples: [...rule.samples],
    ...(rule.placeholder && rule.placeholder.length > 0 ? { placeholder: [...rule.placeholder] } : {}),
  };
}
