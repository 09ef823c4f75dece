import type { CompiledUrlRule } from '@unfurlkit/core';
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config/config.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { RandomBytes } from '../crypto/tokens.js';
import type { Integration } from '../integration/define-integration.js';
import type { NotionClient } from '../notion/notion-client.js';
import type { IntegrationStore } from '../store/store.js';

/**
 * Everything a route needs, assembled once by `createServer`. The non-deterministic parts (clock, randomness,
 * Notion's API) are here so tests can control them (DESIGN rule 3).
 */
export interface ServerContext {
  config: ServerConfig;
  integration: Integration;
  rules: readonly CompiledUrlRule[];
  store: IntegrationStore;
  secretBox: SecretBox;
  notion: NotionClient;
  /** Epoch milliseconds. */
  clock: () => number;
  random: RandomBytes;
  logger: FastifyBaseLogger;
}
