import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response (SECURITY: operations). The pages need no script and load nothing from
 * elsewhere. `form-action` must also allow the redirect targets: Chromium applies it to the redirect that follows
 * the consent form's POST, and that redirect goes to Notion.
 */
export async function securityHeaders(app: FastifyInstance, redirectUris: readonly string[]): Promise<void> {
  const redirectOrigins = [...new Set(redirectUris.map((uri) => new URL(uri).origin))];
  await app.register(helmet, {
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
  });
}
