/**
 * @unfurlkit/core: the Notion Link Preview protocol as pure TypeScript, no I/O. Attribute types, builders and
 * validator; the `{uri, operations}` message; OAuth and Notion wire shapes and error codes; URL rules.
 */
export type {
  Attribute,
  EmbedAttribute,
  EmbedValue,
  InlineAttribute,
  InlineValue,
  RelationAttribute,
  Rgb,
  UnfurlErrorValue,
} from './attributes/attribute.js';
export {
  audio,
  color,
  date,
  datetime,
  dev,
  enumValue,
  html,
  image,
  pdf,
  plainText,
  title,
  toRgb,
  video,
} from './attributes/builders.js';
export { LIMITS } from './attributes/limits.js';
export {
  EMBED_SUBTYPES,
  type EmbedSubtype,
  INLINE_SUBTYPES,
  type InlineSubtype,
  SECTION_SUBTYPES,
  SECTIONS,
  type Section,
  type SectionOf,
  type Subtype,
  sectionAllows,
  sectionsFor,
} from './attributes/sections.js';
export {
  type AttributeValidation,
  type ValidateAttributesOptions,
  type ValidationMode,
  validateAttributes,
} from './attributes/validate-attributes.js';
export {
  isUnfurlkitError,
  UNFURLKIT_ERROR_CODES,
  UnfurlkitError,
  type UnfurlkitErrorCode,
} from './errors/unfurlkit-error.js';
export {
  NOTION_ERROR_CODES,
  NOTION_ERROR_STATUS,
  type NotionErrorBody,
  type NotionErrorCode,
  notionErrorBody,
  notionErrorBodySchema,
  type ParsedApiError,
  parseNotionError,
} from './notion/notion-errors.js';
export {
  type ExternalAccount,
  externalAccountSchema,
  type NotionTokenRequest,
  type NotionTokenResponse,
  notionTokenRequestSchema,
  notionTokenResponseSchema,
} from './notion/notion-token-exchange.js';
export {
  classifyNotionVersion,
  DEFAULT_NOTION_VERSION,
  isKnownNotionVersion,
  LATEST_NOTION_VERSION,
  NOTION_VERSIONS,
  type NotionVersion,
} from './notion/notion-version.js';
export {
  AUTHORIZE_ERROR_CODES,
  AUTHORIZE_ERROR_TEXT,
  type AuthorizeErrorCode,
  OAUTH_ERROR_STATUS,
  type OAuthErrorBody,
  type OAuthErrorCode,
  oauthErrorBody,
} from './oauth/oauth-errors.js';
export { DEFAULT_NOTION_REDIRECT_URIS, isAllowedRedirectUri } from './oauth/redirect-uris.js';
export {
  SUPPORTED_GRANT_TYPES,
  type SupportedGrantType,
  type TokenError,
  type TokenSuccess,
  tokenErrorSchema,
  tokenSuccessSchema,
} from './oauth/token-endpoint.js';
export {
  type AttributesOperation,
  attributesAnswerJson,
  attributesOperation,
  type ErrorOperation,
  errorOperation,
  type Operation,
  type UnfurlObject,
  unfurlObject,
} from './operations/unfurl-object.js';
export { type UnfurlRequest, unfurlRequestSchema, uriSchema } from './operations/unfurl-request.js';
export {
  type UnfurlObjectValidation,
  type ValidateUnfurlObjectOptions,
  validateUnfurlObject,
} from './operations/validate-unfurl-object.js';
export { placeholderNames, substitutePlaceholders } from './patterns/placeholders.js';
export {
  type PatternScreening,
  type RedosAnalyser,
  type RedosVerdict,
  type RedosVerdicts,
  screenPattern,
} from './patterns/screen-pattern.js';
export {
  type CompiledUrlRule,
  checkUrlRule,
  checkUrlRules,
  compileUrlRule,
  compileUrlRules,
  matchUrlRules,
  placeholderAttributes,
  type RedosOptions,
  type RuleCheck,
  type SamplePolicy,
  type UrlRuleDefinition,
  type UrlRuleMatch,
} from './patterns/url-rule.js';
export type {
  NotionAuthorizationSettings,
  NotionIntegrationSettings,
  NotionUnfurlSettings,
  NotionUrlRuleSettings,
} from './settings/integration-settings.js';
export {
  formatIssues,
  formatJsonPath,
  type JsonPath,
  type ValidationIssue,
} from './validation/validation-issue.js';
