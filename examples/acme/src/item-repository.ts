import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { demoItems, type Item } from './catalog.js';

/**
 * Acme's items, kept in memory and, when given a file, persisted to it on every change (write to a temporary
 * file, then rename: a crash leaves the old or the new file, never half of one). Persistence matters for the
 * demo's crash test: after a restart the resolver must see the latest edit, as a real database would.
 */
export class ItemRepository {
  readonly #items: Map<string, Item>;

  constructor(private readonly file?: string) {
    this.#items = file && existsSync(file) ? load(file) : demoItems();
  }

  get(id: string): Item | undefined {
    return this.#items.get(id);
  }

  list(): Item[] {
    return [...this.#items.values()];
  }

  put(item: Item): void {
    this.#items.set(item.id, item);
    this.#save();
  }

  delete(id: string): boolean {
    const existed = this.#items.delete(id);
    if (existed) this.#save();
    return existed;
  }

  #save(): void {
    if (!this.file) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.list(), null, 2));
    renameSync(temporary, this.file);
  }
}

function load(file: string): Map<string, Item> {
  const items = JSON.parse(readFileSync(file, 'utf8')) as Item[];
  return new Map(items.map((item) => [item.id, item]));
}
