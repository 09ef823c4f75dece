import type { Migration } from 'kysely';
import * as initial from './0001-initial.js';
import * as outbox from './0002-outbox.js';
import * as outboxClaimIndex from './0003-outbox-claim-index.js';
import * as refreshReuseGrace from './0004-refresh-reuse-grace.js';
import * as outboxFailingSince from './0005-outbox-failing-since.js';
import * as notionTokenLifecycle from './0006-notion-token-lifecycle.js';
import * as sharedLimits from './0007-shared-limits.js';
import * as redosVerdicts from './0008-redos-verdicts.js';

/**
 * Every migration, oldest first, keyed by the name Kysely records once it has run. Listed in code rather than
 * found by scanning a folder, so the same list runs from `src/` (vitest, tsx) and from `dist/` (npm package),
 * whatever the file extensions there. Add a file `000N-what.ts` and one line here; never rename a key.
 */
export const ALL_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-outbox': outbox,
  '0003-outbox-claim-index': outboxClaimIndex,
  '0004-refresh-reuse-grace': refreshReuseGrace,
  '0005-outbox-failing-since': outboxFailingSince,
  '0006-notion-token-lifecycle': notionTokenLifecycle,
  '0007-shared-limits': sharedLimits,
  '0008-redos-verdicts': redosVerdicts,
};
