import type { Decider } from '../decider.js';

/** The stream of anchors: each event a digest over every other stream's head at one moment. */
export const ANCHOR_STREAM = 'audit-anchors';

export interface AnchorData {
  /**
   * The anchor covers exactly the events whose commit key (EventLog: the transaction id on
   * PostgreSQL, the commit position on KurrentDB) is below this one: the commit-order frontier
   * when it was taken (every such event had committed), so which events it covers is decided by
   * the stored events alone.
   */
  frontier: string;
  /** How many streams had covered events, and the Merkle root over their covered heads (src/audit/stream-heads-digest.ts). */
  streams: number;
  root: string;
}

export type AnchorEvent = { type: 'AnchorRecorded'; data: AnchorData };

/**
 * Records an anchor computed since the anchor at `sinceFrontier`: when another instance recorded
 * one after that meanwhile, its anchor stands and this one is dropped (nothing is written).
 */
export const anchorDecider: Decider<
  { type: 'RecordAnchor'; anchor: AnchorData; sinceFrontier: string | null },
  { frontier: string | null },
  AnchorEvent,
  void
> = {
  initial: { frontier: null },
  evolve: (_, event) => ({ frontier: event.data.frontier }),
  decide: ({ anchor, sinceFrontier }, state) =>
    state.frontier === sinceFrontier ? [{ type: 'AnchorRecorded', data: anchor }] : [],
  schemaVersions: { AnchorRecorded: 1 },
};
