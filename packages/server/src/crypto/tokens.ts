import { hash, randomBytes } from 'node:crypto';

/**
 * Our own secrets: 256 random bits (RFC 6749 §10.10 asks for at least 128), base64url, with a prefix that says
 * what the secret is (so a leaked one is recognisable by secret scanners and in support tickets), stored only as
 * SHA-256 digests.
 */
export type SecretKind = 'code' | 'access' | 'refresh' | 'consent' | 'csrf';

const PREFIX: Record<SecretKind, string> = {
  code: 'ufk_code_',
  access: 'ufk_at_',
  refresh: 'ufk_rt_',
  consent: 'ufk_consent_',
  csrf: 'ufk_csrf_',
};

export type RandomBytes = (size: number) => Buffer;

export function newSecret(kind: SecretKind, random: RandomBytes = randomBytes): string {
  return PREFIX[kind] + random(32).toString('base64url');
}

/** The SHA-256 hex digest under which a secret is stored and looked up. */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex'); // one call: about a third of createHash's update/digest
}
