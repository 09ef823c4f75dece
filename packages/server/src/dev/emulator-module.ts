/**
 * The part of `@unfurlkit/emulator` that `unfurlkit dev` uses, written out here: the server package has no
 * dependency on the emulator (an optional peer), so neither its code nor its types may be required.
 */
export interface EmulatorModule {
  startEmulator(options: {
    port: number;
    host?: string;
    storage: { sqlitePath: string };
    logger: unknown;
  }): Promise<DevEmulator>;
}

export interface DevEmulator {
  url: string;
  setSettings(input: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * Imports the emulator when it is installed, else undefined. The name is held in a variable so bundlers and
 * TypeScript do not treat it as a dependency.
 */
export async function importEmulator(
  importer: (name: string) => Promise<unknown> = (name) => import(name),
): Promise<EmulatorModule | undefined> {
  const name = '@unfurlkit/emulator';
  const loaded = (await importer(name).catch(() => undefined)) as Partial<EmulatorModule> | undefined;
  return typeof loaded?.startEmulator === 'function' ? (loaded as EmulatorModule) : undefined;
}
