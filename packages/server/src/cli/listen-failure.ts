/**
 * One line for a port the server cannot listen on, naming the port and the variable that moves it, or
 * undefined for any other error (which keeps its own report). A busy port is the common case: another copy of
 * the server, or another program, already runs there.
 *
 * @example listenFailure({ code: 'EADDRINUSE' }, { host: '127.0.0.1', port: 3000 }) // 'unfurlkit: port 3000 … PORT …'
 */
export function listenFailure(error: unknown, where: { host: string; port: number }): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE') {
    return `unfurlkit: port ${where.port} on ${where.host} is already in use: stop what runs there, or set PORT to a free port (PORT=0 picks any)`;
  }
  if (code === 'EACCES') {
    return `unfurlkit: port ${where.port} on ${where.host} needs privileges this process does not have: set PORT to 1024 or above`;
  }
  if (code === 'EADDRNOTAVAIL') {
    return `unfurlkit: cannot listen on ${where.host}: no such address on this machine; set HOST (e.g. 127.0.0.1 or 0.0.0.0)`;
  }
  return undefined;
}
