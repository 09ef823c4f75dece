import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { answerErrorsAsNotion } from '../runtime/error-answers.js';
import { registerExternalObjectRoute } from './external-object-route.js';
import { recordInboundTraffic } from './inbound-traffic.js';
import { parseEveryBodyAsJson } from './json-body-parser.js';
import { registerOAuthTokenAdminRoutes } from './oauth-token-admin-routes.js';
import { registerOAuthTokenRoute } from './oauth-token-route.js';
import { recordRefusedExchanges } from './record-refused-exchanges.js';
import { registerRequestGate } from './request-gate.js';

/**
 * Notion's public API under `/v1`: request ids, injected faults, the `Notion-Version` check, JSON parsing
 * with Notion's error codes (never a 500 for a client's mistake), the traffic log, the two endpoints of
 * the Link Preview protocol, and Notion's token lifecycle (refresh grant, introspect, revoke).
 */
export async function notionApiPlugin(app: FastifyInstance, context: EmulatorContext): Promise<void> {
  parseEveryBodyAsJson(app);
  registerRequestGate(app, context);
  recordInboundTraffic(app, context);
  answerErrorsAsNotion(app);
  recordRefusedExchanges(app, context);
  registerOAuthTokenRoute(app, context);
  registerOAuthTokenAdminRoutes(app, context);
  registerExternalObjectRoute(app, context);
}
