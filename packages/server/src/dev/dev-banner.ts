import type { DerivedNotionSettings } from '../settings/notion-settings.js';
import { formatSettingsText } from '../settings/settings-text.js';

/**
 * What `unfurlkit dev` prints once both sides run: the two URLs, a sample link of each rule to paste, and
 * without the emulator the values to enter in Notion's dashboard.
 *
 * @example devBanner({ integrationUrl: 'http://127.0.0.1:3000', emulatorUrl: 'http://127.0.0.1:4000', derived, dataDir: 'data', files: 1 })
 */
export function devBanner(input: {
  integrationUrl: string;
  emulatorUrl?: string;
  derived: DerivedNotionSettings;
  dataDir: string;
  files: number;
}): string {
  const { settings } = input.derived;
  const lines = [`unfurlkit dev: ${settings.name}`, '', `  Integration      ${input.integrationUrl}`];
  if (input.emulatorUrl !== undefined) {
    lines.push(`  Notion emulator  ${input.emulatorUrl}   <- open this`, '');
    lines.push("  Paste a link in the emulator's workspace, sign in, press Allow:");
  } else {
    lines.push('', formatSettingsText(input.derived), '', '  Then paste a link in Notion:');
  }
  for (const rule of settings.unfurl.rules)
    lines.push(`    ${rule.name.padEnd(14)} ${rule.samples[0] ?? ''}`);
  lines.push(
    '',
    `  State in ${input.dataDir} (SQLite, dev-credentials.json): connections survive restarts and reloads.`,
    `  Watching ${input.files} file${input.files === 1 ? '' : 's'}: a save reloads the integration. Ctrl-C to stop.`,
  );
  return lines.join('\n');
}
