import { startDemo } from './demo.js';

/**
 * `npm start`: the Notion emulator on 4000 and Acme on 3000 (`EMULATOR_PORT`, `PORT` to change), state in
 * ./data. Prints where to go and how to sign in; stops on Ctrl-C.
 */
const demo = await startDemo({
  acmePort: Number(process.env.PORT ?? 3000),
  emulatorPort: Number(process.env.EMULATOR_PORT ?? 4000),
  dataDir: process.env.DEMO_DATA_DIR ?? 'data',
  logLevel: (process.env.LOG_LEVEL as 'info' | undefined) ?? 'warn',
});

process.stdout.write(`
  unfurlkit demo is running.

  Notion emulator  ${demo.emulatorUrl}      <- open this
  Acme             ${demo.acmeUrl}

  1. In the emulator, paste  https://acme.com/items/23487  and press Paste.
  2. Sign in to Acme as  alice / alice  (or bob / bob), then press Allow.
  3. The preview appears. Edit the item at ${demo.acmeUrl}/items/23487/edit and watch it change live.
     (Item 1 is private to alice: bob sees a 403 card.)

  Traffic log ${demo.emulatorUrl}/traffic · Link Preview Lab ${demo.emulatorUrl}/lab · Ctrl-C to stop.
`);

await new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});
await demo.close();
