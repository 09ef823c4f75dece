import type { FastifyBaseLogger } from 'fastify';
import type { UpdateSettings } from '../config/update-settings.js';
import type { ServerContext } from '../context/server-context.js';
import type { DeliveryPacing } from './delivery-pacing.js';
import type { NotionBreaker } from './notion-breaker.js';
import type { UpdateMetrics } from './update-metrics.js';

/** What delivering (and settling) one outbox row needs, built once by the update service. */
export interface DeliveryDeps {
  context: ServerContext;
  metrics: UpdateMetrics;
  settings: UpdateSettings;
  pacing: DeliveryPacing;
  breaker: NotionBreaker;
  /** Whether the worker still runs (a delivery waiting for the integration's rate gives up when it stops). */
  running: () => boolean;
  logger: FastifyBaseLogger;
}
