/**
 * `@unfurlkit/core/kysely`: Kysely glue the server's and the emulator's stores share. A subpath of its own, not
 * re-exported from `@unfurlkit/core`: the main entry is the protocol, and this needs `kysely` (an optional peer).
 */
export { compiledOnce, type StandIns } from './compiled-once.js';
