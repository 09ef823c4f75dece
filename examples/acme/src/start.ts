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

  Two Notion people, two Acme users: Ada signs in to Acme as alice, Ben as bob (password = user name).

  1. In the emulator, as Ada, paste  https://acme.com/items/23487  and press Paste.
  2. Sign in to Acme as  alice / alice,  then press Allow. The preview appears.
  3. Edit the item at ${demo.acmeUrl}/items/23487/edit and watch the preview change live.
  4. Switch to Ben, paste  https://acme.com/items/1  (alice's private item), sign in as  bob,  Allow:
     Ben sees a 403 card. The browser is still signed in to Acme as alice? The consent page says so:
     press "Not you? Sign out" and sign in as bob. "My connections" shows which Acme account each is.

  Traffic log ${demo.emulatorUrl}/traffic · Link Preview Lab ${demo.emulatorUrl}/lab · Ctrl-C to stop.
`);

await new Promise<void>((resolve) => {
  process.once('SIGINT', () => resolve());
  process.once('SIGTERM', () => resolve());
});
await demo.close();
