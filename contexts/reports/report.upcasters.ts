import type { Upcaster } from '../../src/event-store/upcasting-event-store.js';

/**
 * Older shapes of report events, and how each becomes the next one.
 *
 * ReportSubmitted 1 → 2: version 1 as channel integrations wrote it carried only a flat
 * `regionCode`; version 2 has `location: { regionCode, address, lat, lon }` or null. (Version-1
 * events this service wrote itself already had `location`; they pass unchanged.)
 *
 * ReportSubmitted 2 → 3: version 3 adds the sealed reporter `identity`; earlier reports had none.
 */
export const REPORT_UPCASTERS: Upcaster[] = [
  {
    type: 'ReportSubmitted',
    fromVersion: 1,
    upcast: ({ regionCode, ...rest }) =>
      'location' in rest ? rest : { ...rest, location: typeof regionCode === 'string' ? { regionCode, address: null, lat: null, lon: null } : null },
  },
  { type: 'ReportSubmitted', fromVersion: 2, upcast: (data) => ({ identity: null, ...data }) },
];
