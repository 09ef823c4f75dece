/** A (uri, connection) pair Notion is showing: the preview registry that pushed updates fan out from. */
export interface PreviewRecord {
  connectionId: string;
  uri: string;
  ruleName: string;
  accountId: string;
  createdAt: number;
  lastUnfurledAt: number;
}

/** The preview registry: which (uri, connection) pairs Notion shows, so a change fans out to each of them. */
export interface PreviewStore {
  /** Inserts the pair, or refreshes `lastUnfurledAt` (and rule/account) when it exists. */
  record(record: PreviewRecord): Promise<void>;
  /** `record` for many pairs in one transaction (one commit); a pair given twice keeps its last record. */
  recordMany(records: readonly PreviewRecord[]): Promise<void>;
  /** Removes the pair, and its outbox row; true when the pair existed. */
  delete(connectionId: string, uri: string): Promise<boolean>;
  listOfUri(uri: string): Promise<PreviewRecord[]>;
  listOfConnection(connectionId: string): Promise<PreviewRecord[]>;
  listOfRule(ruleName: string): Promise<PreviewRecord[]>;
}
