import { z } from 'zod';
import { LIMITS } from '../attributes/limits.js';

/**
 * A link's `uri` as Notion sends it: capped in length and parseable by the WHATWG URL parser as http(s)
 * before any pattern sees it (SECURITY: resource endpoints).
 */
export const uriSchema = z
  .string('uri must be a string')
  .min(1, 'uri cannot be empty')
  .max(LIMITS.maxUrlLength, `uri is at most ${LIMITS.maxUrlLength} characters`)
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const { protocol } = new URL(value);
    return protocol === 'https:' || protocol === 'http:';
  }, 'uri must be an absolute http(s) URL');

/**
 * The body of `POST` and `DELETE` on the Unfurl Callback URL: `{"uri": "…"}`. Only the shape is checked here:
 * a uri that is a string but not a usable URL is answered with a 400 error operation (SPEC §3), not an HTTP
 * error, so the integration checks it with `uriSchema` after this.
 */
export const unfurlRequestSchema = z.object({
  uri: z.string('uri must be a string').min(1, 'uri cannot be empty'),
});
export type UnfurlRequest = z.infer<typeof unfurlRequestSchema>;
