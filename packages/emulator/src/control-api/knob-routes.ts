import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendControlError } from '../runtime/error-answers.js';
import { faultSettingsSchema } from '../runtime/faults.js';
import { rateLimitSettingsSchema } from '../runtime/rate-limiter.js';
import { maskCredentials, maskSettings } from '../settings/secret-mask.js';
import { SettingsRejectedError } from '../settings/settings-service.js';

/** Whether the request asked to see the secrets in clear (`?reveal=1`). */
const wantsReveal = (query: unknown) => (query as Record<string, unknown> | undefined)?.reveal === '1';

/**
 * `GET`/`PUT /api/settings`: the integration's settings, validated as on the settings page. Both client secrets
 * are masked unless `?reveal=1`; a masked secret sent back with `PUT` keeps the one in force.
 */
export function registerSettingsKnob(app: FastifyInstance, context: EmulatorContext): void {
  app.get('/settings', async (request, reply) => {
    const reveal = wantsReveal(request.query);
    const settings = context.settings.get();
    if (!settings) {
      const credentials = context.settings.notionCredentials();
      return sendControlError(reply, 404, 'not_configured', 'No settings yet.', {
        notionCredentials: reveal ? credentials : maskCredentials(credentials),
      });
    }
    return {
      settings: reveal ? settings : maskSettings(settings),
      warnings: context.settings.ruleWarnings(),
    };
  });

  app.put('/settings', async (request, reply) => {
    try {
      const settings = await context.settings.replace(request.body);
      context.events.emit({ reason: 'settings' });
      const shown = wantsReveal(request.query) ? settings : maskSettings(settings);
      return { settings: shown, warnings: context.settings.ruleWarnings() };
    } catch (error) {
      if (!(error instanceof SettingsRejectedError)) throw error;
      return sendControlError(reply, 400, 'invalid_settings', error.message, { problems: error.problems });
    }
  });
}

/** `GET`/`PUT /api/faults` and `GET`/`PUT /api/rate-limit`: how Notion's API misbehaves from now on. */
export function registerApiBehaviourKnobs(app: FastifyInstance, context: EmulatorContext): void {
  app.get('/faults', async () => context.faults.get());
  app.put('/faults', async (request, reply) => {
    const parsed = faultSettingsSchema.safeParse(request.body);
    if (!parsed.success) return invalidRequest(reply, 'invalid fault settings', parsed.error.issues);
    return context.faults.set(parsed.data);
  });

  app.get('/rate-limit', async () => context.rateLimiter.get());
  app.put('/rate-limit', async (request, reply) => {
    const parsed = rateLimitSettingsSchema.safeParse(request.body);
    if (!parsed.success) return invalidRequest(reply, 'invalid rate limit', parsed.error.issues);
    return context.rateLimiter.set(parsed.data);
  });
}

function invalidRequest(reply: FastifyReply, message: string, issues: ReadonlyArray<{ message: string }>) {
  return sendControlError(reply, 400, 'invalid_request', message, {
    problems: issues.map((issue) => issue.message),
  });
}
