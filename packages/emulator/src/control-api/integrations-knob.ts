import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendControlError } from '../runtime/error-answers.js';
import { integrationInputs } from '../settings/integration-list.js';
import { maskSettings } from '../settings/secret-mask.js';
import { type Integration, SettingsRejectedError } from '../settings/settings-service.js';

/** One integration as the control API shows it: its id, then its settings (secrets masked unless revealed). */
function describeIntegration(integration: Integration, reveal: boolean) {
  return { id: integration.id, ...(reveal ? integration.settings : maskSettings(integration.settings)) };
}

/**
 * `GET`/`PUT /api/integrations`: every integration of the emulator (a workspace may have several), as
 * `{integrations: [{id, name, notionClientId, …}], warnings}`. `PUT` takes `{integrations: [...]}` or a bare
 * list and replaces the whole list; an entry keeps its connections when it names its `id` (as `GET` shows it),
 * its explicit `notionClientId` or its `name`. Secrets are masked unless `?reveal=1`; a masked secret sent back
 * keeps the one in force.
 */
export function registerIntegrationsKnob(app: FastifyInstance, context: EmulatorContext): void {
  const answer = (reveal: boolean) => ({
    integrations: context.settings.list().map((i) => describeIntegration(i, reveal)),
    warnings: context.settings.list().flatMap((i) => i.warnings),
  });
  const wantsReveal = (query: unknown) => (query as Record<string, unknown> | undefined)?.reveal === '1';

  app.get('/integrations', async (request) => answer(wantsReveal(request.query)));

  app.put('/integrations', async (request, reply) => {
    const body = request.body;
    if (body === null || typeof body !== 'object' || (!Array.isArray(body) && !('integrations' in body))) {
      return sendControlError(reply, 400, 'invalid_request', 'send {"integrations": [ {…settings…}, … ]}');
    }
    try {
      await context.settings.replaceAll(integrationInputs(body));
      context.events.emit({ reason: 'settings' });
      return answer(wantsReveal(request.query));
    } catch (error) {
      if (!(error instanceof SettingsRejectedError)) throw error;
      return sendControlError(reply, 400, 'invalid_settings', error.message, { problems: error.problems });
    }
  });
}
