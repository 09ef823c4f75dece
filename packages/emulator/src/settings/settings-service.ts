import {
  type CompiledUrlRule,
  compileUrlRule,
  matchUrlRules,
  placeholderAttributes,
  type UrlRuleMatch,
} from '@unfurlkit/core';
import type { EmulatorRandom } from '../runtime/random.js';
import type { MetaStore } from '../store/meta-store.js';
import { unmaskSettingsInput } from './secret-mask.js';
import type { EmulatorSettings, EmulatorSettingsInput } from './settings-schema.js';
import { validateSettings } from './validate-settings.js';

const SETTINGS_KEY = 'settings';
const CLIENT_ID_KEY = 'notion_client_id';
const CLIENT_SECRET_KEY = 'notion_client_secret';

/** Thrown when settings are refused; `problems` are the sentences to show. */
export class SettingsRejectedError extends Error {
  constructor(readonly problems: string[]) {
    super(`the integration settings were refused:\n- ${problems.join('\n- ')}`);
    this.name = 'SettingsRejectedError';
  }
}

/**
 * The integration's settings in force, persisted in the store. Notion's client id and secret are generated
 * once and kept, so an integration configured against the emulator keeps working across restarts.
 */
export class SettingsService {
  private current: EmulatorSettings | undefined;
  private rules: CompiledUrlRule[] = [];
  private warnings: string[] = [];
  private generated = { clientId: '', clientSecret: '' };

  constructor(
    private readonly meta: MetaStore,
    private readonly random: EmulatorRandom,
  ) {}

  /** Loads the generated credentials and the stored settings; `initial` (options/CLI) replaces them. */
  async load(initial: EmulatorSettingsInput | undefined): Promise<void> {
    this.generated = {
      clientId: await this.meta.getOrCreate(CLIENT_ID_KEY, () => this.random.uuid()),
      clientSecret: await this.meta.getOrCreate(CLIENT_SECRET_KEY, () => `secret_${this.random.token(32)}`),
    };
    if (initial !== undefined) {
      await this.replace(initial);
      return;
    }
    const stored = await this.meta.get(SETTINGS_KEY);
    if (stored !== undefined) await this.replace(JSON.parse(stored) as unknown);
  }

  /**
   * Validates, applies and persists new settings, or throws `SettingsRejectedError`. A secret given as the mask
   * the pages and API show it as keeps the secret in force (secret-mask.ts).
   */
  async replace(input: unknown): Promise<EmulatorSettings> {
    const validation = validateSettings(unmaskSettingsInput(input, this.current));
    if (!validation.ok) throw new SettingsRejectedError(validation.problems);
    const settings: EmulatorSettings = {
      ...validation.settings,
      notionClientId: validation.settings.notionClientId ?? this.generated.clientId,
      notionClientSecret: validation.settings.notionClientSecret ?? this.generated.clientSecret,
    };
    this.rules = settings.unfurl.rules.map((rule) => compileUrlRule(rule, 'any'));
    this.warnings = validation.warnings;
    this.current = settings;
    await this.meta.set(SETTINGS_KEY, JSON.stringify(validation.settings));
    return settings;
  }

  get(): EmulatorSettings | undefined {
    return this.current;
  }

  /** Notion's credentials for the integration, also before any settings exist. */
  notionCredentials(): { clientId: string; clientSecret: string } {
    return this.current
      ? { clientId: this.current.notionClientId, clientSecret: this.current.notionClientSecret }
      : this.generated;
  }

  ruleWarnings(): readonly string[] {
    return this.warnings;
  }

  match(uri: string): UrlRuleMatch | undefined {
    return matchUrlRules(this.rules, uri);
  }

  /** The placeholder attributes Notion draws for `uri` while it waits, or [] when no rule matches. */
  placeholderFor(uri: string): ReturnType<typeof placeholderAttributes>['attributes'] {
    const match = this.match(uri);
    return match ? placeholderAttributes(match).attributes : [];
  }
}
