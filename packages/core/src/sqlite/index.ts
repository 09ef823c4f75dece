/**
 * `@unfurlkit/core/sqlite`: what the server's and the emulator's SQLite stores share. A subpath of its own, not
 * re-exported from `@unfurlkit/core`: the main entry is the protocol, and this is storage glue.
 */
export { MAX_CACHED_STATEMENTS, type PreparingDatabase, withStatementCache } from './statement-cache.js';
