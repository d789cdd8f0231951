import { Inject, Injectable } from '@nestjs/common';
import {
  EVENT_STORE,
  type EventStore,
  type ReadAllOptions,
  type ReadAllPage,
} from '../event-store/event-store.port.js';

/** How long a page read for one runner is handed to the others that ask for it. */
const KEPT_MS = 1_000;
/** Pages kept at most (a few per runner: its page and the one it reads ahead). */
const KEPT_PAGES = 32;

/**
 * The log's pages as the runners read them, read once for all of them. Runners that follow the
 * head ask for the same page (the events after the same position) at nearly the same moment, when
 * one notification wakes them all: the first one asks the store, and the others get its answer,
 * while it is on its way or for KEPT_MS after. A page read earlier is still right: the log's order
 * is commit-safe, so the events after a position only grow at their end; an older page may stop
 * short of the newest events, and the runner, having applied some, simply reads on from there.
 * An empty page is never handed on: a runner woken by events appended after that read started
 * would miss them until its next poll, so it reads for itself.
 */
@Injectable()
export class SharedPages implements Pick<EventStore, 'readAll'> {
  /** Reads under way or kept, by position and limit, the newest last (a Map iterates in insertion order). */
  private readonly pages = new Map<string, Promise<ReadAllPage>>();

  constructor(@Inject(EVENT_STORE) private readonly store: Pick<EventStore, 'readAll'>) {}

  /** The store's readAll, shared when it asks only for the events after a position (what runners ask). */
  async readAll(options: ReadAllOptions = {}): Promise<ReadAllPage> {
    const { after = 0n, limit = 1000 } = options;
    if (options.types || options.categories) return this.store.readAll(options);
    const key = `${after}:${limit}`;
    const shared = this.pages.get(key);
    if (shared) {
      const page = await shared.catch(() => null);
      if (page && page.events.length > 0) return page;
    }
    return this.read(key, after, limit);
  }

  private read(key: string, after: bigint, limit: number): Promise<ReadAllPage> {
    const page = this.store.readAll({ after, limit });
    this.pages.delete(key);
    this.pages.set(key, page);
    if (this.pages.size > KEPT_PAGES) this.pages.delete(this.pages.keys().next().value!);
    const forget = () => {
      if (this.pages.get(key) === page) this.pages.delete(key);
    };
    // A page is handed on while it is read and for KEPT_MS after; an empty one not at all.
    page.then((read) => (read.events.length === 0 ? forget() : setTimeout(forget, KEPT_MS).unref()), forget);
    return page;
  }
}
