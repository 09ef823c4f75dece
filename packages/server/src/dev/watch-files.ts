import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Watches a set of files; `update` replaces the set (a reload may add or drop imports). */
export interface FileWatch {
  update(files: readonly string[]): void;
  close(): void;
}

/**
 * Calls `onChange` once per burst of changes to any of `files` (bursts closer than `quietMs` are one: an
 * editor's save is often several writes). Folders are watched rather than files, so a save that replaces the
 * file (write to a temporary file, then rename) is seen too.
 */
export function watchFiles(
  files: readonly string[],
  onChange: (changed: string) => void,
  quietMs = 40,
): FileWatch {
  const watchers = new Map<string, FSWatcher>();
  let wanted = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const fire = (file: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => onChange(file), quietMs);
  };
  const update = (next: readonly string[]) => {
    wanted = new Set(next);
    const folders = new Set(next.map((file) => dirname(file)));
    for (const [folder, watcher] of watchers) {
      if (!folders.has(folder)) {
        watcher.close();
        watchers.delete(folder);
      }
    }
    for (const folder of folders) {
      if (watchers.has(folder)) continue;
      const watcher = watch(folder, (_event, name) => {
        const file = name ? `${folder}/${basename(name.toString())}` : undefined;
        if (file && wanted.has(file)) fire(file);
      });
      // A folder removed while watched: stop watching it, the next reload lists what exists.
      watcher.on('error', () => watchers.delete(folder));
      watchers.set(folder, watcher);
    }
  };
  update(files);
  return {
    update,
    close() {
      clearTimeout(timer);
      for (const watcher of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
