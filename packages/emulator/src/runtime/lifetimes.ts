/** How long Notion's authorization code is valid (SPEC §2). */
export const CODE_LIFETIME_MS = 10 * 60 * 1_000;

/** How long a connect flow may take from the Authorize URL back to the callback (sign-in included). */
export const STATE_LIFETIME_MS = 60 * 60 * 1_000;
