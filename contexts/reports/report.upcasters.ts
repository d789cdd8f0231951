import type { Upcaster } from '../upcaster.js';
import { legacyOwner } from '../principals/principal.js';

/**
 * Older shapes of report events, and how each becomes the next one.
 *
 * ReportSubmitted 1 → 2: version 1 as channel integrations wrote it carried only a flat
 * `regionCode`; version 2 has `location: { regionCode, address, lat, lon }` or null. (Version-1
 * events this service wrote itself already had `location`; they pass unchanged.)
 *
 * ReportSubmitted 2 → 3: version 3 adds the sealed reporter `identity`; earlier reports had none.
 *
 * ReportSubmitted 3 → 4: `reporterId` and `submittedBy` were bare ids, compared across namespaces
 * (an integrator's `reporterRef` could equal a reporter's token subject); version 4 holds
 * principals. The submitter's role in the metadata says which namespace each id was in, so every
 * stored report keeps its owner. The sealed identity keeps its stored subject: its ciphertext is
 * bound to it.
 */
export const REPORT_UPCASTERS: Upcaster[] = [
  {
    type: 'ReportSubmitted',
    fromVersion: 1,
    upcast: ({ regionCode, ...rest }) =>
      'location' in rest
        ? rest
        : {
            ...rest,
            location: typeof regionCode === 'string' ? { regionCode, address: null, lat: null, lon: null } : null,
          },
  },
  { type: 'ReportSubmitted', fromVersion: 2, upcast: (data) => ({ identity: null, ...data }) },
  {
    type: 'ReportSubmitted',
    fromVersion: 3,
    upcast: (data, metadata) => ({
      ...data,
      ...legacyOwner(metadata.actor.role, data.submittedBy as string, (data.reporterId as string | null) ?? null),
    }),
  },
];
