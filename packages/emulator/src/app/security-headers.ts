import type { FastifyHelmetOptions } from '@fastify/helmet';

/**
 * The emulator's security headers: scripts and styles only from our own origin, the integration's media
 * from anywhere http(s), no framing of our pages.
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      // Previews show the integration's media; only http(s) URLs ever reach src (render/).
      imgSrc: ["'self'", 'data:', 'http:', 'https:'],
      mediaSrc: ["'self'", 'http:', 'https:'],
      frameSrc: ['http:', 'https:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      // The paste and connect forms redirect to the integration's Authorize URL.
      formAction: ["'self'", 'http:', 'https:'],
      frameAncestors: ["'none'"],
      upgradeInsecureRequests: null,
    },
  },
  crossOriginEmbedderPolicy: false,
};
