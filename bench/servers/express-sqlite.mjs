// (b) What a team would write by hand from the guide: Express, a JSON body parser, and one better-sqlite3 query
// per request for the bearer token's SHA-256 digest (statement prepared once). Started by the harness as its own
// process on PORT; BENCH_DB names the SQLite file the harness seeded (see ../seed/seed-express.mjs).
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import express from 'express';
import { answerFor } from './answer.mjs';

const db = new Database(process.env.BENCH_DB, { fileMustExist: true });
db.pragma('journal_mode = WAL');
const findToken = db.prepare(
  'select account_id, expires_at, revoked_at from access_tokens where token_hash = ?',
);

const app = express();
app.disable('x-powered-by');
app.use(express.json({ limit: '16kb' }));

app.get('/healthz', (_request, response) => {
  response.json({ status: 'ok' });
});

app.post('/unfurl', (request, response) => {
  const match = /^Bearer (\S+)$/.exec(request.get('authorization') ?? '');
  const row = match ? findToken.get(createHash('sha256').update(match[1]).digest('hex')) : undefined;
  if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= Date.now())) {
    response
      .status(401)
      .set('www-authenticate', 'Bearer error="invalid_token"')
      .json({ error: 'invalid_token' });
    return;
  }
  if (typeof request.body?.uri !== 'string') {
    response.status(400).json({ error: 'invalid_request' });
    return;
  }
  response.json(answerFor(request.body.uri));
});

const server = app.listen(Number(process.env.PORT), '127.0.0.1');
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
