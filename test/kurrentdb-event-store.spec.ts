import { describe, it } from '@jest/globals';
import { KurrentDbEventLog } from '../src/event-store/kurrentdb-event-log.js';
import { KurrentDbEventStore } from '../src/event-store/kurrentdb-event-store.js';
import { eventLogContract } from './contracts/event-log.contract.js';
import { eventStoreContract } from './contracts/event-store.contract.js';

// No EventStoreDB/KurrentDB server can run on the development and CI machines here: the contract runs
// against one only where EVENTSTORE_URL names it (e.g. kurrentdb://localhost:2113?tls=false), and is
// reported as skipped otherwise.
const url = process.env.EVENTSTORE_URL;
if (url) {
  eventStoreContract('KurrentDB at EVENTSTORE_URL', { concurrentTransactions: false, tampering: false }, async () => {
    const store = KurrentDbEventStore.connect(url);
    return {
      store,
      tamperData: () => Promise.reject(new Error('KurrentDB events cannot be changed')),
      deleteEvent: () => Promise.reject(new Error('KurrentDB events cannot be removed one by one')),
      appendInOpenTransaction: null,
      close: () => store.close(),
    };
  });
  eventLogContract('KurrentDB at EVENTSTORE_URL', async () => {
    const store = KurrentDbEventStore.connect(url);
    return { store, log: new KurrentDbEventLog(store), close: () => store.close() };
  });
} else {
  describe('EventStore and EventLog contracts: KurrentDB', () => {
    it.skip('run only where EVENTSTORE_URL names a KurrentDB/EventStoreDB server (none can run on these machines)', () =>
      undefined);
  });
}
