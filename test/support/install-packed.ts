import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rename, rm, symlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the install needs of a packed package: its manifest and its tarball. */
export interface PackedTarball {
  manifest: { name: string; bin?: Record<string, string>; dependencies?: Record<string, string> };
  tarball: string;
}

/**
 * The tarballs unpacked where npm would put them, their bins linked into `node_modules/.bin` as npm links them.
 * Their registry dependencies are linked from this workspace's node_modules: an offline machine cannot fetch them
 * (npm's cache holds no package metadata to resolve them).
 */
export async function installPacked(app: string, packages: PackedTarball[]): Promise<void> {
  const modules = join(app, 'node_modules');
  await mkdir(join(modules, '@unfurlkit'), { recursive: true });
  await mkdir(join(modules, '.bin'));
  const ours = new Set(packages.map((entry) => entry.manifest.name));
  const dependencies = new Set<string>();
  for (const { manifest, tarball } of packages) {
    const unpack = await mkdtemp(join(app, '.unpack-'));
    await run('tar', ['-xzf', tarball, '-C', unpack], { timeout: 30_000 });
    await rename(join(unpack, 'package'), join(modules, manifest.name));
    await rm(unpack, { recursive: true });
    for (const [command, file] of Object.entries(manifest.bin ?? {})) {
      const target = join(modules, manifest.name, file);
      await chmod(target, 0o755);
      await symlink(relative(join(modules, '.bin'), target), join(modules, '.bin', command));
    }
    for (const name of Object.keys(manifest.dependencies ?? {})) if (!ours.has(name)) dependencies.add(name);
  }
  for (const name of dependencies) {
    if (name.includes('/')) await mkdir(join(modules, name.split('/')[0]!), { recursive: true });
    await symlink(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
  }
}
