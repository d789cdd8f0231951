import type { Decider } from '../decider.js';
import { DomainError } from '../domain-error.js';

/**
 * Tracking ids are what a citizen reads out over SMS or the phone: eight symbols of Crockford's
 * base 32 (digits and letters without I, L, O and U, so nothing is mistaken for something else),
 * shown as XXXX-XXXX (Z is never used, so every symbol is below the prime 31). The last symbol checks the other seven, so a mistyped id is refused instead
 * of finding someone else's report. Reading is forgiving: case, spaces and dashes do not matter,
 * and O, I and L are read as 0, 1 and 1.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const DATA_SYMBOLS = 7;

/** A new tracking id from at least seven random bytes (uniqueness is enforced where it is stored). */
export function newTrackingId(random: Uint8Array): string {
  if (random.length < DATA_SYMBOLS) throw new RangeError('newTrackingId needs 7 random bytes');
  const symbols = Array.from(random.subarray(0, DATA_SYMBOLS), (byte) => byte % 31);
  return format([...symbols, checkSymbol(symbols)]);
}

/** The canonical form of a typed tracking id, or null when it is not one (wrong length or check). */
export function parseTrackingId(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (cleaned.length !== DATA_SYMBOLS + 1) return null;
  const symbols = Array.from(cleaned, (c) => ALPHABET.indexOf(c));
  if (symbols.some((s) => s < 0 || s > 30)) return null;
  return checkSymbol(symbols.slice(0, DATA_SYMBOLS)) === symbols[DATA_SYMBOLS] ? format(symbols) : null;
}

/** Weighted sum modulo 31 (a prime): catches every single-symbol error and every swap of neighbours. */
function checkSymbol(symbols: number[]): number {
  return symbols.reduce((sum, symbol, index) => sum + symbol * (index + 1), 0) % 31;
}

function format(symbols: number[]): string {
  const text = symbols.map((s) => ALPHABET[s]).join('');
  return `${text.slice(0, 4)}-${text.slice(4)}`;
}

/** A tracking id is a stream of its own whose one event names the report: only one report can take it. */
export type TrackingIdEvent = { type: 'TrackingIdAssigned'; data: { trackingId: string; reportId: string } };
export const trackingIdStream = (trackingId: string) => `trackingId-${trackingId}`;

export const trackingIdDecider: Decider<
  { type: 'AssignTrackingId'; trackingId: string; reportId: string },
  { reportId: string | null },
  TrackingIdEvent,
  void
> = {
  initial: { reportId: null },
  evolve: (_, event) => ({ reportId: event.data.reportId }),
  decide({ trackingId, reportId }, state) {
    if (state.reportId === reportId) return [];
    if (state.reportId) throw new DomainError('CONFLICT', `Tracking id ${trackingId} is taken`);
    return [{ type: 'TrackingIdAssigned', data: { trackingId, reportId } }];
  },
  schemaVersions: { TrackingIdAssigned: 1 },
};
