/**
 * unfurlkit: the integration server for Notion Link Previews. Define rules and resolvers with
 * `defineIntegration`, run them with `createServer` (or the `unfurlkit serve` CLI).
 */
export * from '@unfurlkit/core';
export type { RoutePaths, ServerConfig } from './config/config.js';
export { type ConfigInput, type LoadConfigOptions, loadConfig } from './config/load-config.js';
export { type CreateServerOptions, createServer, type UnfurlkitServer } from './create-server.js';
export { safeReturnPath } from './http/safe-return-path.js';
export type { ChangeTarget } from './integration/change-target.js';
export {
  type AuthenticateResult,
  defineIntegration,
  type Integration,
  type IntegrationDefinition,
  isIntegration,
  type ResolveContext,
  type RuleDefinition,
} from './integration/define-integration.js';
export {
  badRequest,
  forbidden,
  gone,
  isResolverError,
  notFound,
  type ResolveResult,
  ResolverError,
  unauthorized,
  unfurlError,
} from './integration/resolver-result.js';
export { openStore } from './store/open-store.js';
export type { Account, IntegrationStore } from './store/store.js';
export type { UpdateService } from './updates/update-service.js';
