// The emulator in a process of its own, for the fan-out bench: Notion is another machine in production, so the
// integration server must not share its event loop and core with Notion's side of the PATCH. Forked by
// bench/fanout.mjs and driven over the IPC channel:
//   { type: 'start', count, uri } → { type: 'started', url, seeded }   (seeded: the connections, tokens included)
//   { type: 'last-patch' }        → { type: 'last-patch', body }        (the last PATCH the emulator accepted)
//   { type: 'close' }             → exits 0 once the emulator is closed
import { startEmulator } from '@unfurlkit/emulator';

/** Without a parent the process would run forever: leave when the channel goes. */
process.on('disconnect', () => process.exit(0));

let emulator;

process.on('message', async (message) => {
  try {
    if (message.type === 'start') {
      emulator = await startEmulator({
        port: 0,
        storage: 'memory',
        logger: false,
        rateLimitPerMinute: 1_000_000,
        rateLimitBurst: 1_000_000,
      });
      const seeded = await emulator.seedConnections({ count: message.count, uri: message.uri });
      process.send({ type: 'started', url: emulator.url, seeded });
    } else if (message.type === 'last-patch') {
      const sent = emulator
        .traffic()
        .findLast((entry) => entry.kind === 'external-object' && entry.status === 200);
      process.send({ type: 'last-patch', body: sent?.requestBody });
    } else if (message.type === 'close') {
      await emulator?.close();
      process.exit(0);
    }
  } catch (error) {
    process.send({ type: 'error', message: String(error?.stack ?? error) });
  }
});
