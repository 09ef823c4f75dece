import { z } from 'zod';

/**
 * Wire shapes of the integration's own OAuth Token URL (SPEC §2 steps 6–7), shared by the server that answers
 * it and the emulator and checker that call it.
 */
export const tokenSuccessSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().refine((value) => value.toLowerCase() === 'bearer', 'token_type must be "bearer"'),
  expires_in: z.number().int().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  scope: z.string().optional(),
});
export type TokenSuccess = z.infer<typeof tokenSuccessSchema>;

export const tokenErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().optional(),
  error_uri: z.string().optional(),
});
export type TokenError = z.infer<typeof tokenErrorSchema>;

/** The grants unfurlkit's token endpoint serves; every other `grant_type` is `unsupported_grant_type`. */
export const SUPPORTED_GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;
export type SupportedGrantType = (typeof SUPPORTED_GRANT_TYPES)[number];
