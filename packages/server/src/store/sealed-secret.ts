/** AES-256-GCM output, opaque to the store; `keyId` says which key sealed it so keys can rotate. */
export interface SealedSecret {
  keyId: string;
  /** base64url of iv ‖ ciphertext ‖ tag. */
  sealed: string;
}
