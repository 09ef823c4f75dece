/**
 * Notion's constant OAuth callback (SPEC §2), here on the emulator's own origin: where the integration sends
 * the browser back with its code, and the `redirect_uri` it must be registered with.
 *
 * @example
 * callbackUrl({ publicUrl: () => 'http://127.0.0.1:4000' }); // 'http://127.0.0.1:4000/externalIntegrationAuthCallback'
 */
export function callbackUrl(emulator: { publicUrl(): string }): string {
  return `${emulator.publicUrl()}/externalIntegrationAuthCallback`;
}
