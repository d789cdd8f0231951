import { Logger } from '@nestjs/common';
import pg from 'pg';

export type NotificationHandler = (payload: string) => void;

/**
 * One connection of its own that LISTENs on the given channels and calls their handlers. When the
 * connection is lost it reconnects, and calls `onReconnect` so callers can catch up on what they
 * may have missed meanwhile (notifications are not queued for a listener that is away).
 */
export class PgListener {
  private readonly logger = new Logger('PgListener');
  private client: pg.Client | null = null;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly handlers: Readonly<Record<string, NotificationHandler>>,
    private readonly onReconnect: () => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => this.handlers[message.channel]?.(message.payload ?? ''));
    client.on('error', (error) => {
      if (this.client !== client || this.closed) return;
      this.client = null;
      this.logger.warn(`lost the notification connection (${error.message}); reconnecting`);
      void client.end().catch(() => undefined);
      this.reconnect();
    });
    await client.connect();
    for (const channel of Object.keys(this.handlers)) await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    this.client = client;
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private reconnect(): void {
    setTimeout(() => {
      if (this.closed) return;
      this.start().then(this.onReconnect, () => this.reconnect());
    }, 1000);
  }
}
