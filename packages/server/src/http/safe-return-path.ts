/**
 * For the product's sign-in page: where to go after signing in, only if it is a path on this site. A `next=`
 * that points elsewhere (`https://evil.example`, `//evil.example`, `/\evil.example`, `/.//evil.example`) becomes
 * `fallback`, so the sign-in page cannot be used as an open redirect (SECURITY: authorize).
 *
 * @example safeReturnPath(request.query.next, '/') // '/notion/authorize?…' or '/'
 */
export function safeReturnPath(value: unknown, fallback = '/'): string {
  if (typeof value !== 'string' || value.length > 4_000) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/\p{Cc}/u.test(value)) return fallback;
  try {
    const resolved = new URL(value, 'http://unfurlkit.invalid');
    if (resolved.origin !== 'http://unfurlkit.invalid') return fallback;
    const path = resolved.pathname + resolved.search + resolved.hash;
    // Dot segments can collapse into a leading "//" (`/.//evil.example`, `/a/..//evil.example`): a browser
    // reads that as another host.
    return path.startsWith('//') ? fallback : path;
  } catch {
    return fallback;
  }
}
