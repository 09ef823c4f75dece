import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every response (SECURITY: operations). The pages need no script and load nothing from
 * elsewhere. `form-action` must also allow the redirect targets: Chromium applies it to the redirect that follows
 * the consent form's POST, and that redirect goes to Notion.
 *
 * The set is the same for every request (no nonce, no per-route option), so helmet runs once at start-up and
 * each request gets the headers it produced: no directive parsing on the hot path.
 */
export async function securityHeaders(app: FastifyInstance, redirectUris: readonly string[]): Promise<void> {
  const headers = computeSecurityHeaders(redirectUris);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}

function helmetOptions(redirectUris: readonly string[]): HelmetOptions {
  const redirectOrigins = [...new Set(redirectUris.map((uri) => new URL(uri).origin))];
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'", ...redirectOrigins],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // same-origin, not no-referrer: nothing leaks to other sites, and our own form posts keep a real Origin
    // header (under no-referrer Chromium sends `Origin: null`, which a product's CSRF check must refuse).
    referrerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  };
}

/** The headers helmet sets with these options, captured from one run of its middleware. */
export function computeSecurityHeaders(redirectUris: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
      return response;
    },
    removeHeader() {},
  };
  let failure: unknown;
  helmet(helmetOptions(redirectUris))(
    { headers: {} } as IncomingMessage,
    response as unknown as ServerResponse,
    (error?: unknown) => {
      failure = error;
    },
  );
  if (failure !== undefined) throw failure;
  return headers;
}
