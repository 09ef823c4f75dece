import { z } from 'zod';

/**
 * Fault injection on Notion's API (`/v1/*`), so integrations can test their retries: a share of requests is
 * answered with one of the configured 5xx statuses instead of being served, and every request can be slowed.
 */
export const FAULT_STATUSES = [500, 502, 503, 504, 529] as const;
export type FaultStatus = (typeof FAULT_STATUSES)[number];

export const faultSettingsSchema = z.object({
  /** Share of API requests that fail, 0..1. */
  share: z.number().min(0).max(1).default(0),
  /** Statuses a failing request gets, picked at random. */
  statuses: z
    .array(z.union(FAULT_STATUSES.map((s) => z.literal(s))))
    .min(1, 'statuses needs at least one of 500, 502, 503, 504, 529')
    .default([500, 503, 529]),
  /** Latency added to every API request, in milliseconds. */
  latencyMs: z.number().int().min(0).max(120_000).default(0),
});

export type FaultSettings = z.infer<typeof faultSettingsSchema>;
export type FaultSettingsInput = z.input<typeof faultSettingsSchema>;

/** What a fault decided for one request. */
export interface FaultDecision {
  latencyMs: number;
  /** Answer with this status instead of serving the request. */
  failWith?: FaultStatus;
}

export class FaultInjector {
  private settings: FaultSettings;

  constructor(
    initial: FaultSettingsInput | undefined,
    private readonly random: () => number,
  ) {
    this.settings = faultSettingsSchema.parse(initial ?? {});
  }

  get(): FaultSettings {
    return this.settings;
  }

  set(input: FaultSettingsInput): FaultSettings {
    this.settings = faultSettingsSchema.parse(input);
    return this.settings;
  }

  decide(): FaultDecision {
    const { share, statuses, latencyMs } = this.settings;
    if (share <= 0 || this.random() >= share) return { latencyMs };
    const index = Math.min(statuses.length - 1, Math.floor(this.random() * statuses.length));
    return { latencyMs, failWith: statuses[index]! };
  }
}
