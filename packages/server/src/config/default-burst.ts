/**
 * The burst that goes with a pacing rate when none is configured: 15 seconds' worth, at least one.
 *
 * @example defaultBurst(180) // 45
 */
export function defaultBurst(perMinute: number): number {
  return Math.max(1, Math.ceil(perMinute / 4));
}
