import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendControlError } from '../runtime/error-answers.js';
import { registerIntegrationsKnob } from './integrations-knob.js';
import { registerApiBehaviourKnobs, registerSettingsKnob } from './knob-routes.js';
import { registerNotionTokenKnob } from './notion-token-knob.js';
import { registerStateRoutes } from './state-routes.js';
import { registerRemovalRoutes, registerWorkspaceActionRoutes } from './workspace-action-routes.js';

/**
 * The control API under `/api`, for tests and tools (documented in the README): state (previews,
 * connections, traffic), run-time knobs (settings, faults, rate limit) and the workspace actions without a
 * browser. Changes need `Content-Type: application/json` or the DELETE method, which a cross-site form cannot
 * send (CSRF).
 */
export async function controlApiPlugin(app: FastifyInstance, context: EmulatorContext): Promise<void> {
  app.addHook('preValidation', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'DELETE' || request.method === 'HEAD') return;
    if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendControlError(reply, 415, 'unsupported_media_type', 'Send Content-Type: application/json.');
    }
  });
  registerStateRoutes(app, context);
  registerSettingsKnob(app, context);
  registerIntegrationsKnob(app, context);
  registerApiBehaviourKnobs(app, context);
  registerNotionTokenKnob(app, context);
  registerWorkspaceActionRoutes(app, context);
  registerRemovalRoutes(app, context);
}
