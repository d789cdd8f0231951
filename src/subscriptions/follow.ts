import type { EventLog } from '../event-store/event-log.port.js';
import type { ChangeFeed, ReportEventChange } from './change-feed.js';
import { MessageQueue } from './message-queue.js';
import { isAfter } from './positions.js';

/** What one subscription follows, and the messages it makes. */
export interface Follower<T> {
  concerns(change: ReportEventChange): boolean;
  /** Messages for the events after `after` up to and including `until` (store order; `until` is not before `after`). */
  backlog(after: bigint, until: bigint): Promise<T[]>;
  /** Messages for a change it concerns, heard live after everything earlier. */
  live(change: ReportEventChange): Promise<T[]>;
}

/** A subscription opened: what it follows, and the position to replay after (null: none, start live). */
export interface Opened<T> {
  follower: Follower<T>;
  after: bigint | null;
}

/**
 * A subscription's messages: first those after `after` that it missed, then live ones, with
 * neither gap nor duplicate at the seam. The listener is added before anything is read, so a
 * change committed meanwhile is both replayed and heard live; live changes at or below the
 * replay's end (the horizon) are dropped. Live changes arrive in the store's order, so once one is
 * past the horizon all later ones are. `cursor` is how far (store order) the subscription has
 * been served; a resync replays from it. Opening (resolving the report, checking access) is the
 * first step: a refusal then reaches the client from its first pull, as a graphql-ws error message.
 */
export function follow<T>(feed: ChangeFeed, log: EventLog, open: () => Promise<Opened<T>>): AsyncIterableIterator<T> {
  let follower: Follower<T> | null = null;
  let cursor: bigint | null = null;
  let horizon: bigint | null = null;
  const catchUp = async (): Promise<T[]> => {
    const readModel = await feed.horizon();
    // Without a position to start after, the subscription starts where the read model is; a
    // client may also pass a position the read model has not reached yet: nothing is replayed then.
    const until = cursor === null || (await isAfter(log, cursor, readModel)) ? readModel : cursor;
    const messages = await follower!.backlog(cursor ?? until, until);
    cursor = horizon = until;
    return messages;
  };
  const queue = new MessageQueue<T>(() => stopListening());
  const stopListening = feed.listen({
    change(change) {
      // Until the subscription is open, what concerns it is decided in its turn.
      if (follower && !follower.concerns(change)) return;
      queue.run(async () => {
        if (!follower!.concerns(change)) return [];
        const position = BigInt(change.position);
        if (horizon !== null) {
          if (!(await isAfter(log, horizon, position))) return [];
          horizon = null;
        }
        cursor = position;
        return follower!.live(change);
      });
    },
    resync: () => queue.run(catchUp),
  });
  queue.run(async () => {
    ({ follower, after: cursor } = await open());
    return catchUp();
  });
  return queue;
}
