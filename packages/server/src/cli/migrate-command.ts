import { parseArgs } from 'node:util';
import { migrateDatabase } from '../store/migrate-database.js';
import type { CliIo } from './cli-io.js';

const HELP = `unfurlkit migrate [--dry-run]

Applies the database migrations not yet applied to DATABASE_URL's database (read from the environment, as
"serve" reads it; default sqlite:./data/unfurlkit.db) and prints each name it applied, or "up to date".
--dry-run lists the pending migrations ("pending <name>") and changes nothing. Safe while servers start: it
takes the same migration lock they do. Run it before rolling out new servers started with --no-migrate.
--config <module> is accepted, and ignored, so the command line can match "serve".`;

export async function runMigrate(args: string[], io: CliIo, env = process.env): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      'dry-run': { type: 'boolean', default: false },
      config: { type: 'string', short: 'c' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  const databaseUrl = env.DATABASE_URL?.trim() || 'sqlite:./data/unfurlkit.db';
  const dryRun = values['dry-run'];
  const names = await migrateDatabase(databaseUrl, { dryRun });
  if (names.length === 0) io.out('up to date');
  for (const name of names) io.out(`${dryRun ? 'pending' : 'applied'} ${name}`);
  if (dryRun && names.length > 0) io.out('run "unfurlkit migrate" to apply them');
  return 0;
}
