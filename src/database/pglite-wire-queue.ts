import type { PGlite } from '@electric-sql/pglite';

interface Pending {
  connection: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

const SYNC = 0x53; // 'S': ends an extended-protocol exchange
const QUERY = 0x51; // 'Q': a simple query, complete in itself
const TERMINATE = 0x58; // 'X'

/**
 * Feeds the wire-protocol messages of many client connections to PGlite's single backend without
 * letting them interleave where PostgreSQL would not. pglite-socket's own queue only keeps a
 * connection's messages together inside an explicit transaction, so between one connection's
 * Parse and its Sync another connection's Parse could replace the unnamed statement ("bind
 * message supplies 1 parameters, but prepared statement "" requires 10"). Here a connection owns
 * the backend from its first message until its Sync or simple Query completes with no transaction
 * open; others wait their turn in arrival order.
 */
export class PGliteWireQueue {
  private readonly pending: Pending[] = [];
  private owner: number | null = null;
  private processing = false;

  constructor(private readonly db: PGlite) {}

  enqueue(connection: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ connection, message, onData, resolve, reject });
      void this.process();
    });
  }

  getQueueLength(): number {
    return this.pending.length;
  }

  clearQueueForHandler(connection: number): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i]!.connection === connection)
        this.pending.splice(i, 1)[0]!.reject(new Error('Connection closed'));
    }
  }

  /** A connection that went away mid-exchange or mid-transaction gives the backend back, rolled back. */
  async clearTransactionIfNeeded(connection: number): Promise<void> {
    if (this.owner !== connection) return;
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    void this.process();
  }

  private async process(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      for (;;) {
        const index = this.owner === null ? 0 : this.pending.findIndex((p) => p.connection === this.owner);
        if (index < 0 || this.pending.length === 0) return;
        const next = this.pending.splice(index, 1)[0]!;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(next.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                next.onData(data);
              },
            }),
          );
        } catch (error) {
          this.owner = null;
          next.reject(error as Error);
          continue;
        }
        const type = next.message[0];
        const exchangeDone = type === SYNC || type === QUERY || type === TERMINATE || this.isStartup(next.message);
        this.owner = exchangeDone && !this.db.isInTransaction() ? null : next.connection;
        next.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }

  /** Startup and SSL/cancel requests carry no type byte: an Int32 length, then a protocol code. */
  private isStartup(message: Uint8Array): boolean {
    return (
      message.length >= 8 &&
      new DataView(message.buffer, message.byteOffset, message.byteLength).getInt32(0) === message.length
    );
  }
}
