import { formatJsonPath } from '@unfurlkit/core';
import { checkUrlRules } from '@unfurlkit/core/redos';
import { type EmulatorSettingsInput, emulatorSettingsSchema } from './settings-schema.js';

export type SettingsValidation =
  | { ok: true; settings: EmulatorSettingsInput; warnings: string[] }
  | { ok: false; problems: string[] };

/**
 * Notion's checks on saving settings (SPEC §1, §6): the shape, then each URL rule with `checkUrlRules(…,
 * 'any')`, which refuses a pattern that matches none of its samples, an invalid or unanchored regex, or one
 * that can backtrack catastrophically. Every problem is a sentence naming the field or rule.
 */
export function validateSettings(input: unknown): SettingsValidation {
  const parsed = emulatorSettingsSchema.safeParse(input);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => {
        const where = formatJsonPath(issue.path as (string | number)[]).replace(/^\$\.?/, '');
        return where === '' ? issue.message : `${where}: ${issue.message}`;
      }),
    };
  }
  const checks = checkUrlRules(parsed.data.unfurl.rules, 'any');
  const problems = checks.flatMap((check) => check.problems.map((p) => `rule "${check.name}": ${p}`));
  if (problems.length > 0) return { ok: false, problems };
  const warnings = checks.flatMap((check) => check.warnings.map((w) => `rule "${check.name}": ${w}`));
  return { ok: true, settings: parsed.data, warnings };
}
