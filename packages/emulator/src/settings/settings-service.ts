import {
  type CompiledUrlRule,
  matchUrlRules,
  placeholderAttributes,
  type UrlRuleMatch,
} from '@unfurlkit/core';
import { compileUrlRule } from '@unfurlkit/core/redos';
import type { EmulatorRandom } from '../runtime/random.js';
import type { MetaStore } from '../store/meta-store.js';
import {
  assignIntegrationIds,
  FIRST_INTEGRATION_ID,
  integrationInputs,
  listProblems,
} from './integration-list.js';
import { unmaskSettingsInput } from './secret-mask.js';
import type { EmulatorSettings, EmulatorSettingsInput } from './settings-schema.js';
import { validateSettings } from './validate-settings.js';

const SETTINGS_KEY = 'settings';

/** Thrown when settings are refused; `problems` are the sentences to show. */
export class SettingsRejectedError extends Error {
  constructor(readonly problems: string[]) {
    super(`the integration settings were refused:\n- ${problems.join('\n- ')}`);
    this.name = 'SettingsRejectedError';
  }
}

/** One integration of the emulator's list: its stable id, its settings in force and its compiled rules. */
export interface Integration {
  id: string;
  settings: EmulatorSettings;
  rules: CompiledUrlRule[];
  /** Rule warnings (a sample that does not match). */
  warnings: string[];
}

/** What `match` finds for a link: the integration whose rule matches it, and the match. */
export interface IntegrationMatch {
  integration: Integration;
  match: UrlRuleMatch;
}

/**
 * The integrations in force (a workspace may have several), persisted in the store. Each one's Notion client
 * id and secret, when not given, are generated once per integration id and kept, so an integration
 * configured against the emulator keeps working across restarts. The single-integration methods (`get`,
 * `notionCredentials`, `ruleWarnings`) speak of the first one.
 */
export class SettingsService {
  private integrations: Integration[] = [];

  constructor(
    private readonly meta: MetaStore,
    private readonly random: EmulatorRandom,
  ) {}

  /** Loads the stored settings; `initial` (options/CLI: one integration or a list) replaces them. */
  async load(initial: unknown): Promise<void> {
    await this.generatedCredentials(FIRST_INTEGRATION_ID);
    if (initial !== undefined) {
      await this.replaceAll(integrationInputs(initial));
      return;
    }
    const stored = await this.meta.get(SETTINGS_KEY);
    if (stored !== undefined) await this.replaceAll(integrationInputs(JSON.parse(stored) as unknown));
  }

  /** Replaces the list with one integration (`PUT /api/settings`, `--settings` with one object). */
  async replace(input: unknown): Promise<EmulatorSettings> {
    const [first] = await this.replaceAll([input]);
    return first!.settings;
  }

  /** Replaces the first integration only, keeping the others (the settings page edits the first one). */
  async replaceFirst(input: unknown): Promise<EmulatorSettings> {
    const others = this.integrations.slice(1).map((i) => ({ ...i.settings, id: i.id }));
    const first = this.integrations[0];
    const edited = first && input !== null && typeof input === 'object' ? { ...input, id: first.id } : input;
    const [replaced] = await this.replaceAll([edited, ...others]);
    return replaced!.settings;
  }

  /**
   * Validates, applies and persists a list of integrations, or throws `SettingsRejectedError` with every
   * problem (prefixed with the integration's place when there are several). A secret given as the mask the
   * pages and API show it as keeps the secret in force (secret-mask.ts).
   */
  async replaceAll(inputs: readonly unknown[]): Promise<Integration[]> {
    if (inputs.length === 0) throw new SettingsRejectedError(['at least one integration is required']);
    const ids = assignIntegrationIds(
      inputs,
      this.integrations.map((i) => ({ id: i.id, ...i.settings })),
      () => this.random.uuid(),
    );
    const problems: string[] = [];
    const next: Integration[] = [];
    const stored: Array<EmulatorSettingsInput & { id: string }> = [];
    for (const [index, input] of inputs.entries()) {
      const id = ids[index]!;
      const validation = validateSettings(unmaskSettingsInput(input, this.byId(id)?.settings));
      const where = inputs.length > 1 ? `integrations[${index}]: ` : '';
      if (!validation.ok) {
        problems.push(...validation.problems.map((p) => `${where}${p}`));
        continue;
      }
      const generated = await this.generatedCredentials(id);
      const settings: EmulatorSettings = {
        ...validation.settings,
        notionClientId: validation.settings.notionClientId ?? generated.clientId,
        notionClientSecret: validation.settings.notionClientSecret ?? generated.clientSecret,
      };
      const rules = settings.unfurl.rules.map((rule) => compileUrlRule(rule, 'any'));
      next.push({ id, settings, rules, warnings: validation.warnings.map((w) => `${where}${w}`) });
      stored.push({ ...validation.settings, id });
    }
    if (problems.length === 0) problems.push(...listProblems(next.map((i) => i.settings)));
    if (problems.length > 0) throw new SettingsRejectedError(problems);
    this.integrations = next;
    await this.meta.set(SETTINGS_KEY, JSON.stringify({ integrations: stored }));
    return next;
  }

  /** The first integration's settings (the single-integration contract). */
  get(): EmulatorSettings | undefined {
    return this.integrations[0]?.settings;
  }

  /** Every integration, in the order given. */
  list(): readonly Integration[] {
    return this.integrations;
  }

  byId(id: string): Integration | undefined {
    return this.integrations.find((i) => i.id === id);
  }

  /** The integration with this id, else with this name (how the control API and forms name one). */
  find(idOrName: string): Integration | undefined {
    return this.byId(idOrName) ?? this.integrations.find((i) => i.settings.name === idOrName);
  }

  /** The integration whose Notion client id this is (how `/v1/oauth/*` tells them apart). */
  byNotionClientId(clientId: string): Integration | undefined {
    return this.integrations.find((i) => i.settings.notionClientId === clientId);
  }

  /** The first integration's Notion credentials, also before any settings exist. */
  notionCredentials(): { clientId: string; clientSecret: string } {
    const first = this.integrations[0]?.settings;
    return first
      ? { clientId: first.notionClientId, clientSecret: first.notionClientSecret }
      : this.firstGenerated;
  }

  /** The first integration's rule warnings. */
  ruleWarnings(): readonly string[] {
    return this.integrations[0]?.warnings ?? [];
  }

  /** The first integration, in list order, whose rules match `uri`, as Notion routes a pasted link. */
  match(uri: string): IntegrationMatch | undefined {
    for (const integration of this.integrations) {
      const match = matchUrlRules(integration.rules, uri);
      if (match) return { integration, match };
    }
    return undefined;
  }

  /** The placeholder attributes Notion draws for `uri` while it waits, or [] when no rule matches. */
  placeholderFor(
    uri: string,
    integrationId?: string | null,
  ): ReturnType<typeof placeholderAttributes>['attributes'] {
    const integration = integrationId ? this.byId(integrationId) : this.match(uri)?.integration;
    const match = integration ? matchUrlRules(integration.rules, uri) : undefined;
    return match ? placeholderAttributes(match).attributes : [];
  }

  private firstGenerated = { clientId: '', clientSecret: '' };

  /** Notion's generated credentials of one integration: the first keeps the single-integration keys. */
  private async generatedCredentials(id: string): Promise<{ clientId: string; clientSecret: string }> {
    const suffix = id === FIRST_INTEGRATION_ID ? '' : `:${id}`;
    const credentials = {
      clientId: await this.meta.getOrCreate(`notion_client_id${suffix}`, () => this.random.uuid()),
      clientSecret: await this.meta.getOrCreate(
        `notion_client_secret${suffix}`,
        () => `secret_${this.random.token(32)}`,
      ),
    };
    if (id === FIRST_INTEGRATION_ID) this.firstGenerated = credentials;
    return credentials;
  }
}
