import type { Kysely } from 'kysely';
import type { EmulatorDatabase } from './database.js';

/** Small named values that must survive restarts: generated credentials, the settings, the CSRF secret. */
export class MetaStore {
  constructor(private readonly db: Kysely<EmulatorDatabase>) {}

  async get(key: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('meta').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async set(key: string, value: string): Promise<void> {
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
      .execute();
  }

  /** The stored value, or `create()`'s result stored now: generated once, stable afterwards. */
  async getOrCreate(key: string, create: () => string): Promise<string> {
    const existing = await this.get(key);
    if (existing !== undefined) return existing;
    const value = create();
    await this.db
      .insertInto('meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    return (await this.get(key)) ?? value;
  }
}
