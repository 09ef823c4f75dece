import { z } from 'zod';

/**
 * How the emulator issues Notion tokens at `POST /v1/oauth/token`: their lifetime (`ttlSeconds`, 0 = they
 * never expire and no refresh token is issued, as Notion did before it documented the refresh grant) and the
 * form of `owner` in the answer (`user`: the person who connected; `workspace`: `{"type":"workspace",
 * "workspace":true}`, as for an integration installed for the whole workspace).
 */
export const notionTokenPolicySchema = z.object({
  ttlSeconds: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 24 * 3_600)
    .default(0),
  owner: z.enum(['user', 'workspace']).default('user'),
});

export type NotionTokenPolicy = z.infer<typeof notionTokenPolicySchema>;
export type NotionTokenPolicyInput = z.input<typeof notionTokenPolicySchema>;

/** The policy in force; changed at run time by `PUT /api/notion-tokens`. */
export class NotionTokenPolicyHolder {
  private policy: NotionTokenPolicy;

  constructor(initial: NotionTokenPolicyInput = {}) {
    this.policy = notionTokenPolicySchema.parse(initial);
  }

  get(): NotionTokenPolicy {
    return this.policy;
  }

  /** Changes the given fields, keeps the others. */
  set(input: Partial<NotionTokenPolicy>): NotionTokenPolicy {
    this.policy = notionTokenPolicySchema.parse({ ...this.policy, ...input });
    return this.policy;
  }
}
