import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IntegrationStore } from '../store/store.js';

/** The metrics themselves, made together on first use (`UpdateMetrics`). */
interface Metrics {
  registry: Registry;
  deliveries: Counter<'result'>;
  retries: Counter<'reason'>;
  failures: Counter<'reason'>;
  latency: Histogram;
  changes: Counter;
  breakerState: Gauge;
  breakerTransitions: Counter<'to'>;
  rateLimitPauses: Counter<'scope'>;
}

/**
 * Prometheus metrics of the update pipeline, in a registry of this server's own (several servers in one process,
 * as in tests, must not collide). Queue depth is read from the store at scrape time, so it is true across
 * processes sharing a database.
 *
 * prom-client (with the tracing API it loads) is required at the first touch of a metric: the first scrape of
 * /metrics, `changed()` or delivery, not at start-up, which it cost ~45 ms of CPU and ~5 MB measured by itself.
 * Its CommonJS build, synchronously, so every metric keeps its plain synchronous `inc()`/`observe()`.
 */
export class UpdateMetrics {
  #metrics: Metrics | undefined;

  constructor(
    private readonly store: IntegrationStore,
    private readonly instanceId: string,
  ) {}

  get registry(): Registry {
    return this.#made().registry;
  }
  get deliveries(): Counter<'result'> {
    return this.#made().deliveries;
  }
  get retries(): Counter<'reason'> {
    return this.#made().retries;
  }
  get failures(): Counter<'reason'> {
    return this.#made().failures;
  }
  get latency(): Histogram {
    return this.#made().latency;
  }
  get changes(): Counter {
    return this.#made().changes;
  }
  /** The circuit breaker in front of Notion: 0 closed, 1 half-open (probing), 2 open. */
  get breakerState(): Gauge {
    return this.#made().breakerState;
  }
  get breakerTransitions(): Counter<'to'> {
    return this.#made().breakerTransitions;
  }
  get rateLimitPauses(): Counter<'scope'> {
    return this.#made().rateLimitPauses;
  }

  #made(): Metrics {
    if (this.#metrics === undefined) {
      const client = createRequire(import.meta.url)('prom-client') as typeof PromClient;
      const registry = new client.Registry();
      storeGauges(client, registry, this.store, this.instanceId);
      this.#metrics = { registry, ...workMetrics(client, registry) };
    }
    return this.#metrics;
  }
}

/** What the gauges read from the store count: the shared database, whichever instance is scraped. */
function storeGauges(
  client: typeof PromClient,
  registry: Registry,
  store: IntegrationStore,
  instanceId: string,
): void {
  const registers = [registry];
  // `instance_id`, not `instance`: Prometheus sets `instance` to the scrape target itself.
  new client.Gauge({
    name: 'unfurlkit_instance_info',
    help: 'Always 1; instance_id names the instance these per-process counters belong to (INSTANCE_ID)',
    labelNames: ['instance_id'],
    registers,
  }).set({ instance_id: instanceId }, 1);
  new client.Gauge({
    name: 'unfurlkit_outbox_rows',
    help: 'Outbox rows by state: pending (waiting or in flight) and failed (parked, needs a person)',
    labelNames: ['state'],
    registers,
    async collect() {
      const counts = await store.outbox.count();
      this.set({ state: 'pending' }, counts.pending);
      this.set({ state: 'failed' }, counts.failed);
    },
  });
  new client.Gauge({
    name: 'unfurlkit_notion_connections',
    help: 'Notion connections by state: active, and revoked (Notion refused the token and it could not be refreshed: the person must reconnect)',
    labelNames: ['state'],
    registers,
    async collect() {
      const counts = await store.connections.countByState();
      this.set({ state: 'active' }, counts.active);
      this.set({ state: 'revoked' }, counts.revoked);
    },
  });
}

/** Counters and histograms of this instance's own work, registered in the order /metrics has always listed them. */
function workMetrics(client: typeof PromClient, registry: Registry): Omit<Metrics, 'registry'> {
  const registers = [registry];
  const changes = new client.Counter({
    name: 'unfurlkit_changes_total',
    help: 'Previews queued for an update by changed()',
    registers,
  });
  const deliveries = new client.Counter({
    name: 'unfurlkit_deliveries_total',
    help: 'PATCH /v1/external/object answered 2xx, by what was sent (attributes or error)',
    labelNames: ['result'],
    registers,
  });
  const retries = new client.Counter({
    name: 'unfurlkit_delivery_retries_total',
    help: 'Deliveries put back for later, by reason (rate_limited, paced, transient, resolver, breaker)',
    labelNames: ['reason'],
    registers,
  });
  const failures = new client.Counter({
    name: 'unfurlkit_delivery_failures_total',
    help: 'Deliveries given up, by reason (exhausted, rejected, unauthorized, not_found, no_rule, undecryptable)',
    labelNames: ['reason'],
    registers,
  });
  const breakerState = new client.Gauge({
    name: 'unfurlkit_notion_breaker_state',
    help: 'Circuit breaker in front of Notion: 0 closed (delivering), 1 half-open (probing), 2 open (Notion down, paused)',
    registers,
  });
  breakerState.set(0);
  const breakerTransitions = new client.Counter({
    name: 'unfurlkit_notion_breaker_transitions_total',
    help: 'Changes of the circuit breaker in front of Notion, by the state entered (closed, half-open, open)',
    labelNames: ['to'],
    registers,
  });
  const rateLimitPauses = new client.Counter({
    name: 'unfurlkit_rate_limit_pauses_total',
    help: "Pauses after Notion's 429/529, by scope (connection, integration)",
    labelNames: ['scope'],
    registers,
  });
  const latency = new client.Histogram({
    name: 'unfurlkit_delivery_latency_seconds',
    help: 'From the oldest undelivered change of a preview to Notion accepting its update',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers,
  });
  return {
    changes,
    deliveries,
    retries,
    failures,
    breakerState,
    breakerTransitions,
    rateLimitPauses,
    latency,
  };
}
