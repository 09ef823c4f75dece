import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares two secrets in constant time (SECURITY: token endpoint, CSRF tokens) by hashing both sides to
 * equal-length digests first, so neither the content nor the length leaks through timing.
 *
 * @example
 * safeEqual(presentedSecret, expectedSecret); // true only when both strings are identical
 */
export function safeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a).digest();
  const digestB = createHash('sha256').update(b).digest();
  return timingSafeEqual(digestA, digestB);
}
