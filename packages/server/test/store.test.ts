import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe } from 'vitest';
import { openStore } from '../src/store/open-store.js';
import {
  assertPostgresReachable,
  dropSchema,
  PG_TEST_URL,
  truncateSchema,
  uniqueSchemaName,
} from './postgres-test-schema.js';
import { describeStoreContract } from './store-contract.js';

/* The store contract against every backend, each a real database: a SQLite file and a PostgreSQL server. */

describe('SQLite', () => {
  let dir = '';
  let n = 0;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'unfurlkit-store-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  // A fresh file per test: cheap, and a test can never see another's rows.
  describeStoreContract('SQLite file', () => openStore(`sqlite:${path.join(dir, `store-${++n}.db`)}`));
});

describe('PostgreSQL', () => {
  // One schema per run of this file; tables are emptied before each test (migrations run once, then no-op).
  const schema = uniqueSchemaName('store_test');
  beforeAll(async () => {
    await assertPostgresReachable();
  });
  afterAll(async () => {
    await dropSchema(schema);
  });

  describeStoreContract('PostgreSQL', async () => {
    const store = await openStore(PG_TEST_URL, { schema });
    await truncateSchema(schema);
    return store;
  });
});
