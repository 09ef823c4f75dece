import { randomBytes, randomUUID } from 'node:crypto';

/**
 * Every source of randomness the emulator uses, injectable so tests can pin ids and make fault injection
 * deterministic (DESIGN rule 3).
 */
export interface EmulatorRandom {
  /** A UUID, e.g. Notion's authorization `code` and object ids. */
  uuid(): string;
  /** An unguessable URL-safe token of `bytes` random bytes (state, access tokens, session ids). */
  token(bytes?: number): string;
  /** A float in [0, 1): decides which requests a fault hits. */
  float(): number;
}

export const cryptoRandom: EmulatorRandom = {
  uuid: () => randomUUID(),
  token: (bytes = 32) => randomBytes(bytes).toString('base64url'),
  float: () => Math.random(),
};
