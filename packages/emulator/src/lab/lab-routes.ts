import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendControlError } from '../runtime/error-answers.js';
import { browserSession } from '../ui/session.js';
import { nestedDeeperThan } from './json-depth.js';
import { checkLabInput, LAB_MAX_DEPTH, LAB_SAMPLE } from './lab-check.js';
import { renderLabPage } from './lab-page.js';

const modeSchema = z.enum(['receive', 'send']).catch('receive');
const labJsonBody = z.object({ input: z.unknown(), mode: modeSchema.optional() });

/**
 * `GET /lab`, `POST /lab` (the form) and `POST /lab.json` (`{input, mode?}` → the report). The Lab changes no
 * state, so its form needs no CSRF check.
 */
export function registerLabRoutes(app: FastifyInstance, context: EmulatorContext): void {
  app.get('/lab', async (request, reply) => {
    const session = browserSession(context, request, reply);
    return reply
      .type('text/html; charset=utf-8')
      .send(renderLabPage({ csrf: session.csrf, input: LAB_SAMPLE, mode: 'receive' }));
  });

  app.post<{ Body: Record<string, string | undefined> }>('/lab', async (request, reply) => {
    const session = browserSession(context, request, reply);
    const input = request.body?.input ?? '';
    const mode = modeSchema.parse(request.body?.mode);
    const report = checkLabInput(input, mode);
    return reply
      .type('text/html; charset=utf-8')
      .send(renderLabPage({ csrf: session.csrf, input, mode, report }));
  });

  app.post('/lab.json', async (request, reply) => {
    const parsed = labJsonBody.safeParse(request.body);
    if (!parsed.success)
      return sendControlError(reply, 400, 'invalid_request', 'send {"input": …, "mode"?: "receive"|"send"}');
    const { input, mode } = parsed.data;
    // Checked before JSON.stringify, which overflows the stack on deep input (a 500 before this check).
    if (nestedDeeperThan(input, LAB_MAX_DEPTH))
      return sendControlError(
        reply,
        400,
        'invalid_request',
        `input is nested deeper than ${LAB_MAX_DEPTH} levels`,
      );
    return checkLabInput(typeof input === 'string' ? input : JSON.stringify(input), mode ?? 'receive');
  });
}
