import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EmulatorContext } from '../context/emulator-context.js';
import { sendControlError } from '../runtime/error-answers.js';
import { notionTokenPolicySchema } from '../runtime/notion-token-policy.js';

// Only the fields given change: no defaults here (the policy schema's would reset the others).
const changeSchema = z
  .object({
    ttlSeconds: notionTokenPolicySchema.shape.ttlSeconds.unwrap().optional(),
    owner: notionTokenPolicySchema.shape.owner.unwrap().optional(),
  })
  .strict();

/**
 * `GET`/`PUT /api/notion-tokens` (`{ttlSeconds?, owner?: "user"|"workspace"}`): the lifetime and `owner`
 * form of the Notion tokens issued from now on (tokens already issued keep theirs), as `--notion-token-ttl`
 * and `--notion-token-owner` set them at start.
 */
export function registerNotionTokenKnob(app: FastifyInstance, context: EmulatorContext): void {
  app.get('/notion-tokens', async () => context.notionTokens.get());
  app.put('/notion-tokens', async (request, reply) => {
    const parsed = changeSchema.safeParse(request.body);
    if (!parsed.success) {
      return sendControlError(
        reply,
        400,
        'invalid_request',
        'send {"ttlSeconds"?: n ≥ 0, "owner"?: "user"|"workspace"}',
        {
          problems: parsed.error.issues.map((issue) => issue.message),
        },
      );
    }
    const change = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
    return context.notionTokens.set(change);
  });
}
