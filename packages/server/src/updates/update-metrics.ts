import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { IntegrationStore } from '../store/store.js';

/**
 * Prometheus metrics of the update pipeline, in a registry of this server's own (several servers in one process,
 * as in tests, must not collide). Queue depth is read from the store at scrape time, so it is true across
 * processes sharing a database.
 */
export class UpdateMetrics {
  readonly registry = new Registry();
  readonly deliveries: Counter<'result'>;
  readonly retries: Counter<'reason'>;
  readonly failures: Counter<'reason'>;
  readonly latency: Histogram;
  readonly changes: Counter;
  /** The circuit breaker in front of Notion: 0 closed, 1 half-open (probing), 2 open. */
  readonly breakerState: Gauge;
  readonly breakerTransitions: Counter<'to'>;
  readonly rateLimitPauses: Counter<'scope'>;

  constructor(store: IntegrationStore, instanceId: string) {
    const registers = [this.registry];
    // Counters and histograms below count this instance's work; the gauges read from the store count the
    // shared database. `instance_id`, not `instance`: Prometheus sets `instance` to the scrape target itself.
    new Gauge({
      name: 'unfurlkit_instance_info',
      help: 'Always 1; instance_id names the instance these per-process counters belong to (INSTANCE_ID)',
      labelNames: ['instance_id'],
      registers,
    }).set({ instance_id: instanceId }, 1);
    new Gauge({
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
    new Gauge({
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
    this.changes = new Counter({
      name: 'unfurlkit_changes_total',
      help: 'Previews queued for an update by changed()',
      registers,
    });
    this.deliveries = new Counter({
      name: 'unfurlkit_deliveries_total',
      help: 'PATCH /v1/external/object answered 2xx, by what was sent (attributes or error)',
      labelNames: ['result'],
      registers,
    });
    this.retries = new Counter({
      name: 'unfurlkit_delivery_retries_total',
      help: 'Deliveries put back for later, by reason (rate_limited, paced, transient, resolver, breaker)',
      labelNames: ['reason'],
      registers,
    });
    this.failures = new Counter({
      name: 'unfurlkit_delivery_failures_total',
      help: 'Deliveries given up, by reason (exhausted, rejected, unauthorized, not_found, no_rule, undecryptable)',
      labelNames: ['reason'],
      registers,
    });
    this.breakerState = new Gauge({
      name: 'unfurlkit_notion_breaker_state',
      help: 'Circuit breaker in front of Notion: 0 closed (delivering), 1 half-open (probing), 2 open (Notion down, paused)',
      registers,
    });
    this.breakerState.set(0);
    this.breakerTransitions = new Counter({
      name: 'unfurlkit_notion_breaker_transitions_total',
      help: 'Changes of the circuit breaker in front of Notion, by the state entered (closed, half-open, open)',
      labelNames: ['to'],
      registers,
    });
    this.rateLimitPauses = new Counter({
      name: 'unfurlkit_rate_limit_pauses_total',
      help: "Pauses after Notion's 429/529, by scope (connection, integration)",
      labelNames: ['scope'],
      registers,
    });
    this.latency = new Histogram({
      name: 'unfurlkit_delivery_latency_seconds',
      help: 'From the oldest undelivered change of a preview to Notion accepting its update',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
      registers,
    });
  }
}
