/**
 * The associated data a Notion access token is sealed with: its owner (account and bot). A ciphertext copied into
 * another connection's row then fails to open instead of handing one person's Notion token to another's updates.
 */
export function notionTokenAad(accountId: string, botId: string): string {
  return `notion-access-token:${accountId}:${botId}`;
}

/**
 * The associated data Notion's refresh token is sealed with: its owner, and a purpose other than the access
 * token's, so neither ciphertext opens in the other's column.
 */
export function notionRefreshTokenAad(accountId: string, botId: string): string {
  return `notion-refresh-token:${accountId}:${botId}`;
}
