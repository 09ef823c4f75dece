import type { SecretBox } from '../../crypto/secret-box.js';
import type { RefreshTokenRecord, SealedSecret } from '../../store/store.js';

/** What a refresh rotation issued: the pair a retry within the grace window gets again. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

/**
 * What presenting an already rotated refresh token means (RFC 9700 §4.14.2, softened for retries):
 * - `retry`: presented again within `graceMs` of its rotation, with the issued pair still kept: the same client
 *   retrying a refresh whose answer it lost (a timeout, a database stall, Notion's retries). It gets that pair.
 * - `reuse`: later, or with nothing kept: a replay, which revokes the grant.
 * A grace of 0 turns the window off.
 *
 * @example reuseDecision({ usedAt: 1_000, successor }, 5_000, 10_000) // 'retry'
 */
export function reuseDecision(
  record: Pick<RefreshTokenRecord, 'usedAt' | 'successor'>,
  now: number,
  graceMs: number,
): 'retry' | 'reuse' {
  if (record.usedAt === null || record.successor === null || graceMs <= 0) return 'reuse';
  // A clock that went back counts as inside the window: `now - usedAt` is then negative.
  return now - record.usedAt <= graceMs ? 'retry' : 'reuse';
}

/** Binds a sealed pair to the refresh token it replaced: it cannot be moved onto another row. */
function rotatedPairAad(tokenHash: string): string {
  return `refresh-rotation:${tokenHash}`;
}

/** The pair, sealed for the row of the refresh token `tokenHash` it replaced. */
export function sealRotatedPair(box: SecretBox, tokenHash: string, pair: TokenPair): SealedSecret {
  return box.seal(JSON.stringify(pair), rotatedPairAad(tokenHash));
}

/** The pair kept on `tokenHash`'s row, or undefined when it does not open (a key removed, a row altered). */
export function openRotatedPair(
  box: SecretBox,
  tokenHash: string,
  sealed: SealedSecret,
): TokenPair | undefined {
  try {
    const pair = JSON.parse(box.open(sealed, rotatedPairAad(tokenHash))) as Partial<TokenPair>;
    if (typeof pair.accessToken !== 'string' || typeof pair.refreshToken !== 'string') return undefined;
    return { accessToken: pair.accessToken, refreshToken: pair.refreshToken };
  } catch {
    return undefined;
  }
}
