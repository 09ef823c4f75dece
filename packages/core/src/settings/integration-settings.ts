/**
 * What Notion's integration dashboard holds for a Link Preview integration (SPEC §1), as one JSON document:
 * "External Authorization Setup" (`oauth`) and "Unfurling Domain & Patterns" (`unfurl`). It is the shape the
 * emulator's settings take (file, `PUT /api/settings`, `startEmulator({ settings })`) and what
 * `unfurlkit settings` prints, so the server and the emulator agree on it without depending on each other.
 */
export interface NotionIntegrationSettings {
  /** The integration's name, as Notion shows it. */
  name: string;
  /** The credentials Notion issues the integration (the emulator generates them when left out). */
  notionClientId?: string;
  notionClientSecret?: string;
  oauth: NotionAuthorizationSettings;
  unfurl: NotionUnfurlSettings;
}

/** "External Authorization Setup": how Notion reaches the integration's OAuth server. */
export interface NotionAuthorizationSettings {
  authorizeUrl: string;
  tokenUrl: string;
  /** The client id and secret Notion presents at the token URL (the server's OAUTH_CLIENT_ID/SECRET). */
  clientId: string;
  clientSecret: string;
  /** Space-separated, as typed into the dashboard. */
  scopes?: string;
  deletedTokenCallbackUrl?: string;
}

/** "Unfurling Domain & Patterns": which links the integration previews and where Notion asks for them. */
export interface NotionUnfurlSettings {
  callbackUrl: string;
  domain: string;
  rules: NotionUrlRuleSettings[];
}

/** One URL matching rule as the dashboard takes it: the pattern is regex source text. */
export interface NotionUrlRuleSettings {
  name: string;
  pattern: string;
  samples: string[];
  placeholder?: unknown[];
}
