/**
 * How an event type's data at `fromVersion` becomes its shape at fromVersion + 1. Events are read
 * through the upcasters (src/event-store/upcasting-event-store.ts) while the stored rows, which the
 * hashes cover, stay as written. The metadata says who recorded the event, for upcasts that need it.
 */
export interface Upcaster {
  type: string;
  fromVersion: number;
  upcast(data: Record<string, unknown>, metadata: { actor: { id: string; role: string } }): Record<string, unknown>;
}
