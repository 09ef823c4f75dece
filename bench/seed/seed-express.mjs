// The Express baseline's database: one table of access-token digests, and the one token the load presents.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { newToken, sha256Hex } from './secrets.mjs';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Creates `<dir>/express.db` holding one live token; returns the file and the token. */
export function seedExpress(dir) {
  const file = join(dir, 'express.db');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`create table access_tokens (
      token_hash text primary key,
      account_id text not null,
      expires_at integer,
      revoked_at integer
    )`);
    const accessToken = newToken('ufk_at_');
    db.prepare('insert into access_tokens values (?, ?, ?, null)').run(
      sha256Hex(accessToken),
      'bench-account',
      Date.now() + DAY_MS,
    );
    return { file, accessToken };
  } finally {
    db.close();
  }
}
