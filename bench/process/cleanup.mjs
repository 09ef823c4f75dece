// Nothing the benchmark starts outlives it: server processes are killed and temporary databases dropped on a
// normal end, on an error, and on Ctrl-C or SIGTERM.

const processes = new Set();
const tasks = new Set();

/** Remembers a spawned server (its own process group) so any exit kills it and whatever it started. */
export function trackProcess(child) {
  processes.add(child);
  child.once('exit', () => processes.delete(child));
}

/** Registers an async clean-up (drop a schema, delete a folder); returns its unregistration. */
export function onCleanup(task) {
  tasks.add(task);
  return () => tasks.delete(task);
}

function killAll() {
  for (const child of processes) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  processes.clear();
}

/** Runs every registered clean-up once, each bounded to 10 s, so a stuck database cannot hang the exit. */
export async function runCleanups() {
  killAll();
  const pending = [...tasks];
  tasks.clear();
  await Promise.allSettled(
    pending.map((task) =>
      Promise.race([task(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]),
    ),
  );
}

/** Kills the children on any exit and runs the clean-ups on Ctrl-C and SIGTERM. Call once, first. */
export function installCleanup() {
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the servers and cleaning up`);
      runCleanups().finally(() => process.exit(130));
    });
  }
}
