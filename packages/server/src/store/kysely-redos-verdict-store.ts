import type { RedosVerdict } from '@unfurlkit/core';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from './database.js';
import type { RedosVerdictStore } from './redos-verdict-store.js';

/** What a stored verdict must look like to be believed; anything else is screened again. */
const storedVerdictSchema = z.object({ problems: z.array(z.string()), warnings: z.array(z.string()) });

/**
 * Remembered ReDoS verdicts on SQLite and PostgreSQL (`0008-redos-verdicts`). A handful of rows per rule set:
 * one read and, after a first start, one insert.
 *
 * @example
 * const known = await new KyselyRedosVerdictStore(db).get([key]);
 */
export class KyselyRedosVerdictStore implements RedosVerdictStore {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  async get(keys: readonly string[]): Promise<Map<string, RedosVerdict>> {
    const found = new Map<string, RedosVerdict>();
    if (keys.length === 0) return found;
    const rows = await this.#db
      .selectFrom('redos_verdicts')
      .select(['key', 'verdict'])
      .where('key', 'in', [...keys])
      .execute();
    for (const row of rows) {
      const verdict = readVerdict(row.verdict);
      if (verdict !== undefined) found.set(row.key, verdict);
    }
    return found;
  }

  async put(verdicts: ReadonlyArray<readonly [string, RedosVerdict]>, now: number): Promise<void> {
    if (verdicts.length === 0) return;
    await this.#db
      .insertInto('redos_verdicts')
      .values(verdicts.map(([key, verdict]) => ({ key, verdict: JSON.stringify(verdict), created_at: now })))
      .onConflict((conflict) =>
        conflict
          .column('key')
          .doUpdateSet((eb) => ({ verdict: eb.ref('excluded.verdict'), created_at: now })),
      )
      .execute();
  }
}

function readVerdict(json: string): RedosVerdict | undefined {
  try {
    const parsed = storedVerdictSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
