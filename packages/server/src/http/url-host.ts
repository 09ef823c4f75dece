/**
 * The host part of a URL for the interface a server listens on: a wildcard becomes the loopback address a
 * browser on this machine can open, and an IPv6 address gets its brackets (`::1` → `[::1]`).
 */
export function urlHost(listenHost: string): string {
  if (listenHost === '0.0.0.0') return '127.0.0.1';
  if (listenHost === '::') return '[::1]';
  return listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost;
}
