import { EventEmitter } from 'node:events';

/** What changed, so each open workspace page refreshes only for its own person. */
export interface ChangeEvent {
  /** The person whose previews or connections changed; undefined for everyone (e.g. new settings). */
  person?: string;
  reason: string;
}

/** The bus between state changes (PATCH, unfurl results, connections) and the pages' SSE streams. */
export class ChangeEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open page; a dozen tabs is normal, not a leak.
    this.emitter.setMaxListeners(1_000);
  }

  emit(event: ChangeEvent): void {
    this.emitter.emit('change', event);
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
