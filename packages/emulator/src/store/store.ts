import type { Kysely } from 'kysely';
import type { EmulatorRandom } from '../runtime/random.js';
import { AuthorizationStore } from './authorization-store.js';
import { ConnectionStore } from './connection-store.js';
import { type EmulatorDatabase, openDatabase, type StorageOption } from './database.js';
import { ExternalObjectStore } from './external-object-store.js';
import { type SeededConnection, seedConnections } from './load-seed.js';
import { MetaStore } from './meta-store.js';
import { migrateToLatest } from './migrations.js';
import { PreviewStore } from './preview-store.js';

/** Everything the emulator remembers, behind small domain interfaces (DESIGN rule 6). */
export interface EmulatorStore {
  meta: MetaStore;
  connections: ConnectionStore;
  authorizations: AuthorizationStore;
  previews: PreviewStore;
  objects: ExternalObjectStore;
  /** Benchmarks only: many connections at once (see load-seed.ts). */
  seedConnections(options: {
    count: number;
    uri: string;
    now: number;
    random: EmulatorRandom;
  }): Promise<SeededConnection[]>;
  close(): Promise<void>;
}

/** Opens (and migrates) the SQLite file or an in-memory database. */
export async function openStore(storage: StorageOption): Promise<EmulatorStore> {
  const db: Kysely<EmulatorDatabase> = openDatabase(storage);
  await migrateToLatest(db);
  return {
    meta: new MetaStore(db),
    connections: new ConnectionStore(db),
    authorizations: new AuthorizationStore(db),
    previews: new PreviewStore(db),
    objects: new ExternalObjectStore(db),
    seedConnections: (options) => seedConnections(db, options),
    close: () => db.destroy(),
  };
}
