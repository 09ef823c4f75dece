import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { callbackUrl } from '../runtime/callback-url.js';
import type { ChangeEvents } from '../runtime/change-events.js';
import { browserSession, checkCsrf, type SessionKeys } from '../ui/session.js';
import { maskCredentials, maskSettings } from './secret-mask.js';
import { readSettingsForm, type SettingsFormFields, settingsFormValues } from './settings-form.js';
import { renderSettingsPage } from './settings-page.js';
import { SettingsRejectedError, type SettingsService } from './settings-service.js';

/**
 * What the settings pages use of the emulator (its context has all of it). Named here rather than imported,
 * so this folder stays below the context that holds the settings.
 */
export interface SettingsPagesContext extends SessionKeys {
  settings: SettingsService;
  events: ChangeEvents;
}

/**
 * `GET /settings`, `POST /settings` (the forms), `POST /settings/json` (the whole object). Both client secrets
 * are shown masked unless the page is asked for them (`?reveal=1`, the "Reveal secrets" button); a form saved
 * with the masks keeps the secrets in force.
 */
export function registerSettingsRoutes(app: FastifyInstance, context: SettingsPagesContext): void {
  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      fields?: SettingsFormFields;
      json?: string;
      problems?: string[];
      saved?: boolean;
      reveal?: boolean;
    },
  ) => {
    const session = browserSession(context, request, reply);
    const current = context.settings.get();
    const shown = current && !extra.reveal ? maskSettings(current) : current;
    const credentials = context.settings.notionCredentials();
    const page = renderSettingsPage({
      csrf: session.csrf,
      fields: extra.fields ?? settingsFormValues(shown),
      json: extra.json ?? JSON.stringify(shown ?? {}, null, 2),
      notionCredentials: extra.reveal ? credentials : maskCredentials(credentials),
      revealed: extra.reveal === true,
      callbackUrl: callbackUrl(context),
      warnings: context.settings.ruleWarnings(),
      ...(extra.problems ? { problems: extra.problems } : {}),
      ...(extra.saved ? { saved: true } : {}),
    });
    return reply
      .code(extra.problems ? 400 : 200)
      .type('text/html; charset=utf-8')
      .send(page);
  };

  const save = async (
    request: FastifyRequest,
    reply: FastifyReply,
    input: unknown,
    keep: { fields?: SettingsFormFields; json?: string },
  ) => {
    try {
      // The page edits the first integration; the others (GET/PUT /api/integrations) stay as they are.
      await context.settings.replaceFirst(input);
      context.events.emit({ reason: 'settings' });
      return reply.redirect('/settings?saved=1', 303);
    } catch (error) {
      if (error instanceof SettingsRejectedError)
        return render(request, reply, { ...keep, problems: error.problems });
      throw error;
    }
  };

  app.get<{ Querystring: { saved?: string; reveal?: string } }>('/settings', async (request, reply) =>
    render(request, reply, { saved: request.query.saved === '1', reveal: request.query.reveal === '1' }),
  );

  app.post<{ Body: SettingsFormFields }>('/settings', async (request, reply) => {
    const session = browserSession(context, request, reply);
    const fields = request.body ?? {};
    if (!checkCsrf(session, fields))
      return render(request, reply, { fields, problems: ['This form expired; try again.'] });
    const reading = readSettingsForm(fields, context.settings.get());
    if (!reading.ok) return render(request, reply, { fields, problems: reading.problems });
    return save(request, reply, reading.input, { fields });
  });

  app.post<{ Body: SettingsFormFields }>('/settings/json', async (request, reply) => {
    const session = browserSession(context, request, reply);
    const json = request.body?.settingsJson ?? '';
    if (!checkCsrf(session, request.body))
      return render(request, reply, { json, problems: ['This form expired; try again.'] });
    let input: unknown;
    try {
      input = JSON.parse(json);
    } catch (error) {
      return render(request, reply, { json, problems: [`not valid JSON (${(error as Error).message})`] });
    }
    return save(request, reply, input, { json });
  });
}
