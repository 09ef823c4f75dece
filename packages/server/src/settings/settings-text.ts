import type { DerivedNotionSettings } from './notion-settings.js';

/**
 * The settings as a person reads them beside Notion's dashboard: one block per dashboard section, each field
 * under the label the dashboard gives it, values not yet known named by the variable that sets them.
 *
 * @example formatSettingsText(deriveNotionSettings(input)).split('\n')[0] // 'Notion settings for Acme'
 */
export function formatSettingsText(derived: DerivedNotionSettings): string {
  const { settings } = derived;
  const { oauth, unfurl } = settings;
  const unset = (name: string) => `(not set: set ${name})`;
  const field = (label: string, value: string) => `  ${label.padEnd(28)}${value}`;
  const lines = [
    `Notion settings for ${settings.name}`,
    '',
    'External Authorization Setup',
    field('OAuth Authorize URL', oauth.authorizeUrl),
    field('OAuth Token URL', oauth.tokenUrl),
    field('OAuth Client ID', oauth.clientId ?? unset('OAUTH_CLIENT_ID')),
    field('OAuth Client Secret', oauth.clientSecret ?? unset('OAUTH_CLIENT_SECRET')),
    field('OAuth Scopes', oauth.scopes ?? '(none)'),
    field('Deleted Token Callback URL', oauth.deletedTokenCallbackUrl ?? '(none)'),
    '',
    'Unfurling Domain & Patterns',
    field('Unfurl URL Domain', unfurl.domain),
    field('Unfurl Callback URL', unfurl.callbackUrl),
  ];
  for (const rule of unfurl.rules) {
    lines.push('', `  URL matching rule "${rule.name}"`);
    lines.push(`    ${'Pattern'.padEnd(26)}${rule.pattern}`);
    rule.samples.forEach((sample, index) => {
      lines.push(`    ${(index === 0 ? 'Sample URLs' : '').padEnd(26)}${sample}`);
    });
    if (rule.placeholder) lines.push(`    ${'Placeholder'.padEnd(26)}${JSON.stringify(rule.placeholder)}`);
  }
  for (const warning of derived.warnings) lines.push('', `warning: ${warning}`);
  return lines.join('\n');
}
