import type { SealedSecret } from './sealed-secret.js';

/** A consent screen shown and not yet answered (SPEC §2 steps 1–3). Single use, expires after 10 minutes. */
export interface AuthorizationRequestRecord {
  idHash: string;
  clientId: string;
  redirectUri: string;
  scope: string | null;
  state: string | null;
  /** Notion's code from the authorize URL, to exchange on Allow. */
  notionCode: SealedSecret;
  /** The signed-in person the consent was shown to: only they may answer it. */
  accountId: string;
  accountName: string;
  csrfHash: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** Consent requests: the authorize endpoint's memory between showing the consent screen and its answer. */
export interface ConsentStore {
  /** Refuses (rejects) a second request with the same `idHash` rather than overwrite the first. */
  createAuthorizationRequest(record: AuthorizationRequestRecord): Promise<void>;
  findAuthorizationRequest(idHash: string): Promise<AuthorizationRequestRecord | undefined>;
  /** Sets `usedAt` if still unused; true for the one caller that did. */
  markAuthorizationRequestUsed(idHash: string, now: number): Promise<boolean>;
}
